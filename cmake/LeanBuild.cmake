# The lean build of an optimized, unsanitized distcc-init: every function and object in a
# section of its own so the linker drops what nothing calls, link-time optimization across
# the project's libraries and the header-only fmt/spdlog/CLI11 code, and no library linked
# that nothing needs. Debug, sanitizer and fuzz builds keep the plain flags (their runtimes
# and instrumentation do not mix with LTO, and their binaries are not shipped).
option(DISTCC_INIT_LEAN "Optimized builds: sections, --gc-sections and LTO" ON)
if(DISTCC_INIT_SANITIZE OR DISTCC_INIT_FUZZ OR CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(DISTCC_INIT_LEAN OFF)
endif()
if(DISTCC_INIT_LEAN)
  include(CheckIPOSupported)
  check_ipo_supported(RESULT lto_supported OUTPUT lto_error LANGUAGES CXX)
  if(lto_supported)
    set(CMAKE_INTERPROCEDURAL_OPTIMIZATION ON)
  else()
    message(WARNING "no link-time optimization: ${lto_error}")
  endif()
  # -Os rather than Release's -O3: the binary is a third smaller, and what PID 1 spends its
  # time on is system calls, not code.
  add_compile_options(-Os -ffunction-sections -fdata-sections)
  # --sort-section=name groups each kind of static together (guard variables, the locale's
  # facets, the standard streams): what PID 1 never touches then fills pages of its own,
  # which stay out of its resident memory, instead of sharing pages with what it writes.
  add_link_options(-Os -Wl,--gc-sections -Wl,-O1 -Wl,--as-needed -Wl,--sort-section=name)
endif()
