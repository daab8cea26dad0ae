#include "util/text.hpp"

#include <doctest/doctest.h>

using namespace util;
using Views = std::vector<std::string_view>;

TEST_CASE("util::to_upper, to_lower, equal_ignoring_case") {
    CHECK(to_upper("Port-22é") == "PORT-22é");
    CHECK(to_lower("YES") == "yes");
    CHECK(equal_ignoring_case("ListenAddress", "listenaddress"));
    CHECK_FALSE(equal_ignoring_case("Port", "Ports"));
}

TEST_CASE("util::trim and trim_start") {
    CHECK(trim(" \t150000 100000\r\n") == "150000 100000");
    CHECK(trim(" \n ").empty());
    CHECK(trim_start("\t a b ") == "a b ");
    CHECK(trim_start("  ").empty());
}

TEST_CASE("util::split and split_words") {
    CHECK(split("a::b", ':') == Views{"a", "", "b"});
    CHECK(split("", ':') == Views{""});
    CHECK(split("line\n", '\n') == Views{"line", ""});
    CHECK(split_words("  0: 0100007F:0E30\t 0A  ") == Views{"0:", "0100007F:0E30", "0A"});
    CHECK(split_words(" \t ").empty());
}

TEST_CASE("util::has_control_character and escape_control_characters") {
    CHECK_FALSE(has_control_character("plain text, é and \\ too"));
    CHECK(has_control_character("a\nb"));
    CHECK(has_control_character("\x7f"));
    CHECK(escape_control_characters("a\nb\tc\rd\x1b[0m\x7f\x01") ==
          "a\\nb\\tc\\rd\\x1b[0m\\x7f\\x01");
    CHECK(escape_control_characters("/var/cache/ccache é") == "/var/cache/ccache é");
}

TEST_CASE("util::file_name") {
    CHECK(util::file_name("/usr/bin/gcc") == "gcc");
    CHECK(util::file_name("distccd") == "distccd");
    CHECK(util::file_name("/usr/lib/distcc/") == "");
    CHECK(util::file_name("") == "");
}
