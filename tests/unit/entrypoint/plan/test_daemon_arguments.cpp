#include "entrypoint/plan/daemon_arguments.hpp"

#include <doctest/doctest.h>

using namespace entrypoint;

TEST_CASE("entrypoint::find_option_value and has_option") {
    std::vector<std::string> arguments{"--port",   "3700",   "-j8", "--stats-port=4000",
                                       "--listen", "0.0.0.0"};
    CHECK(find_option_value(arguments, {"--port", "-p"}) == "3700");
    CHECK(find_option_value(arguments, {"--jobs", "-j"}) == "8");
    CHECK(find_option_value(arguments, {"--stats-port"}) == "4000");
    CHECK_FALSE(find_option_value(arguments, {"--allow"}));
    CHECK(has_option(arguments, {"--jobs", "-j"}));
    CHECK_FALSE(has_option(arguments, {"--stats"}));
    CHECK(arguments_are_daemon_options({}));
    CHECK(arguments_are_daemon_options({"--jobs", "2"}));
    CHECK_FALSE(arguments_are_daemon_options({"bash"}));
}
