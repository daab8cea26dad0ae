#include "util/paths.hpp"

#include <doctest/doctest.h>

TEST_CASE("util::normalize_path") {
    CHECK(util::normalize_path("/a/./b/../c") == "/a/c");
    CHECK(util::normalize_path("a/../../b") == "../b");
    CHECK(util::normalize_path("/../etc") == "/etc");
    CHECK(util::normalize_path("//tmp///x/") == "/tmp/x");
    CHECK(util::normalize_path("") == ".");
    CHECK(util::normalize_path("a/..") == ".");
    CHECK(util::normalize_path("/") == "/");
    CHECK(util::normalize_path("../../x/..") == "../..");
}

TEST_CASE("util::is_within") {
    CHECK(util::is_within("/tmp/distccd_a/x", "/tmp/distccd_a"));
    CHECK(util::is_within("/tmp/distccd_a", "/tmp/distccd_a"));
    CHECK_FALSE(util::is_within("/tmp/distccd_ab", "/tmp/distccd_a"));
    CHECK_FALSE(util::is_within("/tmp", "/tmp/distccd_a"));
    CHECK(util::is_within("/etc", "/"));
}
