#include "guard/job.hpp"

#include <doctest/doctest.h>

using guard::link_may_stay;

namespace {

const std::string k_root = "/tmp/distccd_Ab12Cd";

bool stays(const std::string& place, const std::string& target) {
    return link_may_stay(k_root + place, target, k_root);
}

} // namespace

TEST_CASE("guard::link_may_stay") {
    SUBCASE("inside the job") {
        CHECK(stays("/home/u/src/config.h", k_root + "/home/u/include/config.h"));
    }
    SUBCASE("pump's mirrors of the compiler's include directories") {
        CHECK(stays("/usr/include", "/usr/include"));
        CHECK(stays("/usr/include/c++/14", "/usr/include/c++/14"));
        CHECK(stays("/usr/local/include", "/usr/local/include"));
        CHECK(stays("/usr/lib/gcc/x86_64-linux-gnu/14/include",
                    "/usr/lib/gcc/x86_64-linux-gnu/14/include"));
        CHECK(stays("/usr/lib/gcc/x86_64-pc-linux-gnu/14/include-fixed",
                    "/usr/lib/gcc/x86_64-pc-linux-gnu/14/include-fixed"));
        CHECK(stays("/usr/aarch64-linux-gnu/include", "/usr/aarch64-linux-gnu/include"));
    }
    SUBCASE("a mirror of anything else leads out") {
        CHECK_FALSE(stays("/etc", "/etc"));
        CHECK_FALSE(stays("/var/cache/ccache", "/var/cache/ccache"));
        CHECK_FALSE(stays("/tmp/distccd_Other", "/tmp/distccd_Other"));
        CHECK_FALSE(stays("/home/u/include", "/home/u/include"));
        CHECK_FALSE(stays("/usr/lib/gcc/x86_64-linux-gnu/14", "/usr/lib/gcc/x86_64-linux-gnu/14"));
        CHECK_FALSE(stays("/usr", "/usr"));
    }
    SUBCASE("a header directory under another name leads out") {
        CHECK_FALSE(stays("/usr/include/x", "/etc"));
        CHECK_FALSE(stays("/x/usr/include", "/usr/include"));
        CHECK_FALSE(stays("/usr/include", "/usr/include/c++"));
    }
}
