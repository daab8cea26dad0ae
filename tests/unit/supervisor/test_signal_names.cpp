#include "supervisor/signal_names.hpp"

#include <csignal>
#include <doctest/doctest.h>

using supervisor::parse_signal;
using supervisor::signal_name;

TEST_CASE("supervisor::parse_signal") {
    CHECK(parse_signal("SIGTERM") == SIGTERM);
    CHECK(parse_signal("TERM") == SIGTERM);
    CHECK(parse_signal("term") == SIGTERM);
    CHECK(parse_signal("sigkill") == SIGKILL);
    CHECK(parse_signal("9") == 9);
    CHECK(parse_signal("SIGRTMIN") == SIGRTMIN);
    CHECK(parse_signal("SIGRTMIN+3") == SIGRTMIN + 3);
    CHECK_FALSE(parse_signal(""));
    CHECK_FALSE(parse_signal("SIGNOPE"));
    CHECK_FALSE(parse_signal("0"));
    CHECK_FALSE(parse_signal("65"));
    CHECK_FALSE(parse_signal("-1"));
    CHECK_FALSE(parse_signal("9x"));
}

TEST_CASE("supervisor::signal_name") {
    CHECK(signal_name(SIGTERM) == "SIGTERM");
    CHECK(signal_name(SIGWINCH) == "SIGWINCH");
    CHECK(signal_name(SIGRTMIN + 2) == "SIGRTMIN+2");
    CHECK(signal_name(200) == "signal 200");
}
