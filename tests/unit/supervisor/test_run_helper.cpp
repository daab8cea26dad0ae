#include "supervisor/run_helper.hpp"

#include <doctest/doctest.h>

using supervisor::run_helper;

TEST_CASE("supervisor::run_helper") {
    auto current = supervisor::capture_current_signals();
    SUBCASE("output of both streams and the exit code") {
        auto result = run_helper({"sh", "-c", "echo out; echo err >&2; exit 3"}, current);
        CHECK(result.exit_code == 3);
        CHECK(result.output.find("out\n") != std::string::npos);
        CHECK(result.output.find("err\n") != std::string::npos);
    }
    SUBCASE("stdin is /dev/null") {
        CHECK(run_helper({"sh", "-c", "read line"}, current).exit_code != 0);
    }
    SUBCASE("more output than a pipe holds does not block") {
        auto result = run_helper({"sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x"}, current);
        CHECK(result.exit_code == 0);
        CHECK(result.output.size() >= 300000);
    }
    SUBCASE("not found") {
        auto result = run_helper({"distcc-init-no-such-helper"}, current);
        CHECK(result.exit_code == -1);
        CHECK(result.output == "distcc-init-no-such-helper: not found in PATH");
    }
}
