#include "relay/session_counts.hpp"
#include "support/scratch_directory.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

using namespace relay;

TEST_CASE("relay::format_session_counts and parse_session_counts") {
    SessionCounts counts{3, 2, 1};
    CHECK(format_session_counts(counts) == "compile 3\ncommand 2\nrefused 1\n");
    auto parsed = parse_session_counts(format_session_counts(counts));
    CHECK(parsed.compile == 3);
    CHECK(parsed.command == 2);
    CHECK(parsed.refused == 1);
    CHECK(parse_session_counts("compile x\nbogus 7\n").compile == 0);
}

TEST_CASE("relay::count_session from many processes at once") {
    test_support::ScratchDirectory scratch;
    const auto& directory = scratch.path;
    auto file = directory + "/counts";
    CHECK_FALSE(read_session_counts(file));
    constexpr int k_processes = 20;
    for (int i = 0; i < k_processes; ++i) {
        if (fork() == 0) {
            count_session(file, i % 2 == 0 ? SessionOutcome::compile : SessionOutcome::refused);
            _exit(0);
        }
    }
    for (int i = 0; i < k_processes; ++i) {
        wait(nullptr);
    }
    count_session(file, SessionOutcome::command);
    auto counts = read_session_counts(file);
    REQUIRE(counts);
    CHECK(counts->compile == k_processes / 2);
    CHECK(counts->refused == k_processes / 2);
    CHECK(counts->command == 1);
    SUBCASE("a symlink planted as the file is not followed") {
        std::filesystem::remove(file);
        std::filesystem::create_symlink(directory + "/elsewhere", file);
        count_session(file, SessionOutcome::compile);
        CHECK_FALSE(std::filesystem::exists(directory + "/elsewhere"));
    }
}
