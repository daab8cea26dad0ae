add_library(sanitizers INTERFACE)
if(DISTCC_INIT_SANITIZE)
  # The sanitizer runtimes cannot be linked statically.
  set(DISTCC_INIT_STATIC OFF CACHE BOOL "" FORCE)
  target_compile_options(sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(sanitizers INTERFACE -fsanitize=address,undefined)
endif()
