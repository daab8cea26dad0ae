#include "app/environment_options.hpp"

#include <doctest/doctest.h>

TEST_CASE("app::find_environment_value") {
    util::Environment environment{{"TINI_SUBREAPER", ""}, {"DISTCC_INIT_GRACE", "3"}};
    auto grace = app::find_environment_value("--grace", environment);
    REQUIRE(grace);
    CHECK(grace->first == "DISTCC_INIT_GRACE");
    CHECK(grace->second == "3");
    CHECK(app::find_environment_value("-s", environment)->first == "TINI_SUBREAPER");
    environment.emplace("DISTCC_INIT_SUBREAPER", "1"); // our name is tried first
    CHECK(app::find_environment_value("-s", environment)->first == "DISTCC_INIT_SUBREAPER");
    CHECK_FALSE(app::find_environment_value("--mode", environment));
    for (const auto& entry : app::environment_options()) {
        CHECK_FALSE(entry.variables.empty());
        CHECK_FALSE(entry.description.empty());
    }
}
