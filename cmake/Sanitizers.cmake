add_library(sanitizers INTERFACE)
if(DISTCC_INIT_SANITIZE AND DISTCC_INIT_FUZZ)
  message(FATAL_ERROR "DISTCC_INIT_SANITIZE and DISTCC_INIT_FUZZ exclude each other")
endif()
if(DISTCC_INIT_SANITIZE)
  # The sanitizer runtimes cannot be linked statically.
  set(DISTCC_INIT_STATIC OFF CACHE BOOL "" FORCE)
  target_compile_options(sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(sanitizers INTERFACE -fsanitize=address,undefined)
elseif(DISTCC_INIT_FUZZ)
  # The libraries get libFuzzer's coverage instrumentation without its main(); the
  # harnesses (tests/fuzz) link the fuzzer runtime. Only clang has libFuzzer.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DISTCC_INIT_FUZZ needs clang (e.g. CXX=clang++-16), not "
                        "${CMAKE_CXX_COMPILER_ID}")
  endif()
  set(DISTCC_INIT_STATIC OFF CACHE BOOL "" FORCE)
  target_compile_options(sanitizers INTERFACE -fsanitize=fuzzer-no-link,address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(sanitizers INTERFACE -fsanitize=address,undefined)
endif()
