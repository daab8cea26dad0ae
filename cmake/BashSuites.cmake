# add_bash_suites(LABEL TIMEOUT [PROPERTY VALUE ...]): one CTest test LABEL_NAME per
# suite_NAME.sh beside the calling CMakeLists.txt, run with the distcc-init binary as its
# argument and the integration helpers as TEST_LIB. A suite that lacks a prerequisite exits
# 125 and is reported as skipped, never as passed.
function(add_bash_suites label timeout)
  file(GLOB suites CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/suite_*.sh)
  foreach(suite ${suites})
    get_filename_component(name ${suite} NAME_WE)
    string(REPLACE "suite_" "" name ${name})
    add_test(NAME ${label}_${name} COMMAND bash ${suite} $<TARGET_FILE:distcc-init>)
    set_tests_properties(${label}_${name} PROPERTIES
      LABELS ${label} SKIP_RETURN_CODE 125 TIMEOUT ${timeout}
      ENVIRONMENT "TEST_LIB=${PROJECT_SOURCE_DIR}/tests/integration/lib.sh" ${ARGN})
  endforeach()
endfunction()
