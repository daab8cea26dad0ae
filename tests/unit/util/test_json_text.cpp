#include "util/json_text.hpp"

#include <doctest/doctest.h>

using namespace util;

TEST_CASE("util::json_quote") {
    CHECK(json_quote("a\"b\\c\nd\te\x01") == "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    CHECK(json_quote("héllo") == "\"héllo\"");
}

TEST_CASE("util::json_quote keeps JSON valid UTF-8 (found by fuzz_build_plan)") {
    CHECK(json_quote("bash\xff\xff") == "\"bash\\ufffd\\ufffd\"");
    CHECK(json_quote("\xc0\xaf") == "\"\\ufffd\\ufffd\"");            // overlong '/'
    CHECK(json_quote("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\""); // a surrogate
    CHECK(json_quote("\xe2\x82") == "\"\\ufffd\\ufffd\"");            // cut short
    CHECK(json_quote("\xe2\x82\xac \xf0\x9f\x98\x80") == "\"\xe2\x82\xac \xf0\x9f\x98\x80\"");
}
