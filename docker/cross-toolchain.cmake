# Cross-compiling distcc-init on Debian with g++-TRIPLE and the target's multiarch -dev
# packages (libboost-filesystem-dev:ARCH, ...), as docker/build-distcc-init does:
#   cmake -DCMAKE_TOOLCHAIN_FILE=docker/cross-toolchain.cmake -DCROSS_TRIPLE=aarch64-linux-gnu ...
# CROSS_MULTIARCH names the library directory when it differs from the compilers' triple
# (i386: compilers i686-linux-gnu-*, libraries /usr/lib/i386-linux-gnu).
if(NOT CROSS_TRIPLE)
  message(FATAL_ERROR "cross-toolchain.cmake: set CROSS_TRIPLE, e.g. -DCROSS_TRIPLE=aarch64-linux-gnu")
endif()
if(NOT CROSS_MULTIARCH)
  set(CROSS_MULTIARCH ${CROSS_TRIPLE})
endif()
# try_compile projects read the toolchain file again: hand both down to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CROSS_TRIPLE CROSS_MULTIARCH)

set(CMAKE_SYSTEM_NAME Linux)
string(REGEX REPLACE "-.*" "" CMAKE_SYSTEM_PROCESSOR "${CROSS_TRIPLE}")
set(CMAKE_C_COMPILER ${CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${CROSS_TRIPLE}-g++)
# Debian keeps the target's libraries and CMake package files in /usr/lib/TRIPLE (headers
# are shared in /usr/include): this directs find_library and find_package there, and away
# from the build machine's own /usr/lib/x86_64-linux-gnu.
set(CMAKE_LIBRARY_ARCHITECTURE ${CROSS_MULTIARCH})
set(CMAKE_FIND_ROOT_PATH /usr/${CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
