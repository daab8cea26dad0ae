#include "util/environment.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>

using util::Environment;

TEST_CASE("util::lookup") {
    Environment environment{{"SET", "value"}, {"EMPTY", ""}};
    CHECK(util::lookup(environment, "SET") == "value");
    CHECK_FALSE(util::lookup(environment, "EMPTY"));
    CHECK_FALSE(util::lookup(environment, "UNSET"));
}

TEST_CASE("util::read_process_environment") {
    setenv("DISTCC_INIT_UNIT_TEST", "a=b", 1);
    CHECK(util::read_process_environment().at("DISTCC_INIT_UNIT_TEST") == "a=b");
    unsetenv("DISTCC_INIT_UNIT_TEST");
}

TEST_CASE("util::find_in_path") {
    CHECK(util::find_in_path("sh", {{"PATH", "/nonexistent:/bin"}}) == "/bin/sh");
    CHECK_FALSE(util::find_in_path("sh", {{"PATH", "/nonexistent"}}));
    CHECK_FALSE(util::find_in_path("passwd", {{"PATH", "/etc"}})); // a file, not executable
    CHECK(util::find_in_path("sh", {}).has_value());               // the default PATH
}
