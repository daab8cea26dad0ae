#include "entrypoint/plan/mode.hpp"

#include <doctest/doctest.h>

using namespace entrypoint;

TEST_CASE("entrypoint::parse_mode and mode_name") {
    CHECK(parse_mode("tcp") == Mode::tcp);
    CHECK(parse_mode("ssh") == Mode::ssh);
    CHECK_FALSE(parse_mode("TCP"));
    CHECK_FALSE(parse_mode("plain"));
    CHECK(mode_name(Mode::tcp) == "tcp");
    CHECK(mode_name(Mode::ssh) == "ssh");
    CHECK(mode_name(Mode::plain) == "plain");
}
