#include "toolchain/bundle/bundle_path.hpp"
#include "toolchain/bundle/compiler_names.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace toolchain;

TEST_CASE("toolchain::check_bundle_path") {
    CHECK_FALSE(check_bundle_path("usr/libexec/gcc/x86_64-linux-gnu/14/cc1plus"));
    CHECK_FALSE(check_bundle_path("usr/lib/libstdc++.so.6"));
    CHECK(check_bundle_path("") == "an empty path");
    CHECK(check_bundle_path("/etc/passwd") == "an absolute path");
    CHECK(check_bundle_path("a/../b") == "a \".\" or \"..\" component");
    CHECK(check_bundle_path("a/./b") == "a \".\" or \"..\" component");
    CHECK(check_bundle_path("a//b") == "an empty path component");
    CHECK(check_bundle_path("a/b/") == "an empty path component");
    CHECK(check_bundle_path("a b")->starts_with("a character other than"));
    CHECK(check_bundle_path(std::string(241, 'a')) == "a path longer than 240 bytes");
}

TEST_CASE("toolchain::normalize_relative_path") {
    CHECK(normalize_relative_path("usr/lib/gcc/x/14/../../../../x/bin/as") == "usr/x/bin/as");
    CHECK(normalize_relative_path("a/./b/") == "a/b");
    CHECK_FALSE(normalize_relative_path("a/../../b"));
    CHECK_FALSE(normalize_relative_path("/a"));
    CHECK(parent_folders("a/b/c") == std::vector<std::string>{"a", "a/b"});
    CHECK(folder_of("a/b/c") == "a/b");
    CHECK(folder_of("c").empty());
}

TEST_CASE("toolchain::compiler_shaped_names") {
    auto names = compiler_shaped_names({"x86_64-linux-gnu"});
    CHECK(names.size() == 2 * 6 * 31);
    CHECK(std::ranges::binary_search(names, "x86_64-linux-gnu-g++-14"));
    CHECK(std::ranges::binary_search(names, "clang++-30"));
    CHECK(std::ranges::binary_search(names, "cc"));
    CHECK_FALSE(std::ranges::binary_search(names, "gcc-31"));
    CHECK(std::ranges::all_of(
        names, [](const std::string& name) { return parse_compiler_name(name).has_value(); }));
    CHECK(known_triples().size() == 16);
}

TEST_CASE("toolchain::relative_path") {
    CHECK(relative_path("usr/libexec/gcc/x/14", "lib/x") == "../../../../../lib/x");
    CHECK(relative_path("usr/bin", "usr/lib") == "../lib");
    CHECK(relative_path("lib", "lib") == ".");
    CHECK(relative_path("", "lib") == "lib");
    CHECK(relative_path("bin", "") == "..");
}
