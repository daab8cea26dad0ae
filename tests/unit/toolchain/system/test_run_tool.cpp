#include "toolchain/system/run_tool.hpp"

#include <chrono>
#include <csignal>
#include <doctest/doctest.h>

using namespace toolchain;
using namespace std::chrono_literals;

TEST_CASE("toolchain::run_tool") {
    SUBCASE("exactly the environment given, output captured") {
        auto result = run_tool({{"/bin/sh", "-c", "echo \"$PATH|$HOME|$LC_ALL\"; echo err >&2"},
                                clean_environment("/bin", "/tmp")});
        CHECK(result.exit_code == 0);
        CHECK(result.output.find("/bin||C\n") != std::string::npos);
        CHECK(result.output.find("err\n") != std::string::npos);
    }
    SUBCASE("exit codes, and a program that does not exist") {
        CHECK(run_tool({{"/bin/sh", "-c", "exit 3"}, {}}).exit_code == 3);
        CHECK(run_tool({{"/bin/sh", "-c", "kill -TERM $$"}, {}}).exit_code == 128 + SIGTERM);
        auto missing = run_tool({{"/nonexistent/program"}, {}});
        CHECK(missing.exit_code == 127);
        CHECK(last_words(missing) == "exit code 127");
    }
    SUBCASE("a program that takes too long is ended, with what it left behind") {
        ToolRun run{{"/bin/sh", "-c", "sleep 30 & sleep 30"}, {}};
        run.timeout = 300ms;
        auto started = std::chrono::steady_clock::now();
        auto result = run_tool(run);
        CHECK(result.timed_out);
        CHECK(std::chrono::steady_clock::now() - started < 5s);
        CHECK(last_words(result) == "no answer in time");
    }
    SUBCASE("output beyond the limit is dropped") {
        ToolRun run{{"/bin/sh", "-c", "head -c 100000 /dev/zero"}, {}};
        run.output_limit = 1000;
        CHECK(run_tool(run).output.size() == 1000);
    }
}
