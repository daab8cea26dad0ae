#include "guard/settings.hpp"

#include <doctest/doctest.h>

TEST_CASE("guard::read_settings") {
    CHECK_FALSE(guard::read_settings({}));
    auto settings = guard::read_settings({{"DISTCC_GUARD_COMPILERS", "/run/c"},
                                          {"DISTCC_GUARD_CCACHE", "/usr/bin/ccache"},
                                          {"DISTCC_GUARD_LOG_FD", "3"},
                                          {"DISTCC_GUARD_COUNTS", "/run/g/refused"}});
    REQUIRE(settings);
    CHECK(settings->compilers_dir == "/run/c");
    CHECK(settings->ccache == "/usr/bin/ccache");
    CHECK(settings->log_fd == 3);
    CHECK(settings->counts_file == "/run/g/refused");
    CHECK_FALSE(settings->bundles_dir);
    // Descriptors 0-2 are the compile's own.
    CHECK_FALSE(
        guard::read_settings({{"DISTCC_GUARD_COMPILERS", "/c"}, {"DISTCC_GUARD_LOG_FD", "2"}})
            ->log_fd);
}

TEST_CASE("guard::compiler_environment") {
    util::Environment environment{{"PATH", "/usr/bin"},
                                  {"HOME", "/var/lib/distcc"},
                                  {"TMPDIR", "/tmp"},
                                  {"LANG", "C.UTF-8"},
                                  {"CCACHE_DIR", "/var/cache/ccache"},
                                  {"LD_PRELOAD", "/tmp/evil.so"},
                                  {"LD_LIBRARY_PATH", "/tmp"},
                                  {"GCC_EXEC_PREFIX", "/tmp/"},
                                  {"COMPILER_PATH", "/tmp"},
                                  {"LIBRARY_PATH", "/usr/lib/x86_64-linux-gnu"},
                                  {"CPATH", "/tmp"},
                                  {"DEPENDENCIES_OUTPUT", "/tmp/d"},
                                  {"DISTCC_GUARD_COMPILERS", "/run/c"}};
    SUBCASE("the image's compilers: distccd's environment without what redirects them") {
        auto result = guard::compiler_environment(environment, std::nullopt);
        CHECK(result == util::Environment{{"PATH", "/usr/bin"},
                                          {"HOME", "/var/lib/distcc"},
                                          {"TMPDIR", "/tmp"},
                                          {"LANG", "C.UTF-8"},
                                          {"CCACHE_DIR", "/var/cache/ccache"}});
    }
    SUBCASE("a pushed compiler: its own bin directory, C locale, ccache's settings") {
        auto result = guard::compiler_environment(environment, "/var/lib/t/abc/usr/bin");
        CHECK(result == util::Environment{{"PATH", "/var/lib/t/abc/usr/bin"},
                                          {"LC_ALL", "C"},
                                          {"HOME", "/var/lib/distcc"},
                                          {"TMPDIR", "/tmp"},
                                          {"CCACHE_DIR", "/var/cache/ccache"}});
    }
}
