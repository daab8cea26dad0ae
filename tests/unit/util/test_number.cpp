#include "util/number.hpp"

#include <doctest/doctest.h>
#include <sys/types.h>

using namespace util;

TEST_CASE("util::parse_integer") {
    CHECK(parse_integer<int>("42") == 42);
    CHECK(parse_integer<int>("-7") == -7);
    CHECK(parse_integer<pid_t>("12345") == 12345);
    CHECK(parse_integer<unsigned>("0E30", 16) == 3632);
    CHECK_FALSE(parse_integer<int>(""));
    CHECK_FALSE(parse_integer<int>("4 "));
    CHECK_FALSE(parse_integer<int>(" 4"));
    CHECK_FALSE(parse_integer<int>("4x"));
    CHECK_FALSE(parse_integer<unsigned>("-1"));
    CHECK_FALSE(parse_integer<int>("99999999999"));
}

TEST_CASE("util::parse_decimal") {
    CHECK(parse_decimal("8") == 8.0);
    CHECK(parse_decimal("0.5") == 0.5);
    CHECK_FALSE(parse_decimal(""));
    CHECK_FALSE(parse_decimal("soon"));
    CHECK_FALSE(parse_decimal("1s"));
    CHECK_FALSE(parse_decimal("inf"));
    CHECK_FALSE(parse_decimal("nan"));
    CHECK(parse_decimal("-0.5") == -0.5);
    CHECK(parse_decimal("1e3") == 1000.0);
    CHECK(parse_decimal(".5") == 0.5);
    CHECK_FALSE(parse_decimal("+1"));
    CHECK_FALSE(parse_decimal(" 1"));
    CHECK_FALSE(parse_decimal("0x10"));
    CHECK_FALSE(parse_decimal("1e"));
    CHECK_FALSE(parse_decimal("-"));
    CHECK_FALSE(parse_decimal("1e999"));
}

TEST_CASE("util::parse_port") {
    CHECK(parse_port("22") == 22);
    CHECK(parse_port("65535") == 65535);
    CHECK_FALSE(parse_port("0"));
    CHECK_FALSE(parse_port("65536"));
    CHECK_FALSE(parse_port("-1"));
    CHECK_FALSE(parse_port("http"));
}
