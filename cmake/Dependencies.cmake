# Every dependency comes from a Debian package; nothing is downloaded.
# Boost.Process v1 needs Boost.Filesystem; a static distcc-init needs its archive.
set(Boost_USE_STATIC_LIBS ${DISTCC_INIT_STATIC})
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
if(DISTCC_INIT_TESTS)
  find_package(doctest REQUIRED)
endif()

# Debian ships fmt only as a shared library, which a static distcc-init cannot use: make
# spdlog's header-only target use fmt header-only as well.
set_target_properties(spdlog::spdlog_header_only PROPERTIES
  INTERFACE_LINK_LIBRARIES "Threads::Threads;fmt::fmt-header-only")
# Nothing formats a float or a long double (only doubles, "{:.2f}"), and no format uses the
# locale ("{:L}"): without them fmt instantiates less and never touches std::locale.
set_property(TARGET fmt::fmt-header-only APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS
  FMT_USE_FLOAT=0 FMT_USE_LONG_DOUBLE=0 FMT_STATIC_THOUSANDS_SEPARATOR=',')
