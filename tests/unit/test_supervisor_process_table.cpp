#include "supervisor/process_table.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <unistd.h>

using supervisor::descendants_of;
using supervisor::parse_proc_stat;
using supervisor::ProcessEntry;

TEST_CASE("supervisor::parse_proc_stat") {
    SUBCASE("plain") {
        auto entry = parse_proc_stat("42 (sleep) S 1 42 42 0 -1 4194560 100 0 0 0");
        REQUIRE(entry);
        CHECK(entry->pid == 42);
        CHECK(entry->parent_pid == 1);
        CHECK(entry->state == 'S');
    }
    SUBCASE("a command name with spaces and parentheses") {
        auto entry = parse_proc_stat("7 (a (b) c) Z 3 7 7 0");
        REQUIRE(entry);
        CHECK(entry->pid == 7);
        CHECK(entry->parent_pid == 3);
        CHECK(entry->state == 'Z');
    }
    SUBCASE("garbage") {
        CHECK_FALSE(parse_proc_stat(""));
        CHECK_FALSE(parse_proc_stat("x (y) S 1"));
        CHECK_FALSE(parse_proc_stat("1 (y) S"));
        CHECK_FALSE(parse_proc_stat("1 y S 1"));
    }
}

TEST_CASE("supervisor::descendants_of") {
    std::vector<ProcessEntry> table{{1, 0, 'S'},   {10, 1, 'S'}, {11, 10, 'S'},
                                    {12, 11, 'Z'}, {20, 1, 'S'}, {21, 20, 'S'}};
    auto found = descendants_of(10, table);
    std::ranges::sort(found);
    CHECK(found == std::vector<pid_t>{11, 12});
    CHECK(descendants_of(12, table).empty());
    CHECK(descendants_of(1, table).size() == 5);
}

TEST_CASE("supervisor::read_process_table") {
    auto table = supervisor::read_process_table();
    CHECK(std::ranges::any_of(table, [](const ProcessEntry& e) { return e.pid == getpid(); }));
    CHECK(supervisor::proc_shows_own_pid_namespace());
}
