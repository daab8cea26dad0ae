#include "metrics/exposition.hpp"

#include <cmath>
#include <doctest/doctest.h>

using namespace metrics;

TEST_CASE("metrics::render_exposition") {
    std::vector<Family> families{
        {"distcc_jobs_total",
         "Jobs, by outcome",
         "counter",
         {{{{"outcome", "ok"}}, 12}, {{{"outcome", "compile_error"}}, 0}}},
        single("distcc_longest_job_seconds", "Longest job", "gauge", 0.072),
        {"distcc_compiler_info",
         "Odd values",
         "gauge",
         {{{{"compiler", "a\"b\\c\nd"}, {"target", "x"}}, 1}}},
        single("nothing_yet", "Help with a \\ and a\nline", "gauge", std::nan("")),
    };
    CHECK(render_exposition(families) ==
          "# HELP distcc_jobs_total Jobs, by outcome\n"
          "# TYPE distcc_jobs_total counter\n"
          "distcc_jobs_total{outcome=\"ok\"} 12\n"
          "distcc_jobs_total{outcome=\"compile_error\"} 0\n"
          "# HELP distcc_longest_job_seconds Longest job\n"
          "# TYPE distcc_longest_job_seconds gauge\n"
          "distcc_longest_job_seconds 0.072\n"
          "# HELP distcc_compiler_info Odd values\n"
          "# TYPE distcc_compiler_info gauge\n"
          "distcc_compiler_info{compiler=\"a\\\"b\\\\c\\nd\",target=\"x\"} 1\n"
          "# HELP nothing_yet Help with a \\\\ and a\\nline\n"
          "# TYPE nothing_yet gauge\n"
          "nothing_yet NaN\n");
}
