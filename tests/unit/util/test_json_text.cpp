#include "util/json_text.hpp"

#include <doctest/doctest.h>

using namespace util;

TEST_CASE("util::json_quote") {
    CHECK(json_quote("a\"b\\c\nd\te\x01") == "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    CHECK(json_quote("héllo") == "\"héllo\"");
}
