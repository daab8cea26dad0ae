#include "util/boolean.hpp"

#include <doctest/doctest.h>

TEST_CASE("util::parse_boolean") {
    for (const char* on : {"1", "true", "yes", "on", "YES", "True", "On"}) {
        CHECK_MESSAGE(util::parse_boolean(on) == true, on);
    }
    for (const char* off : {"0", "false", "no", "off", "", "NO", "Off"}) {
        CHECK_MESSAGE(util::parse_boolean(off) == false, off);
    }
    for (const char* bad : {"2", "y", "maybe", " 1", "yes "}) {
        CHECK_MESSAGE(!util::parse_boolean(bad), bad);
    }
}
