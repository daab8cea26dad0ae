#include "util/proc_stat.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

using util::parse_proc_stat;

TEST_CASE("util::parse_proc_stat") {
    SUBCASE("plain") {
        auto entry = parse_proc_stat("42 (sleep) S 1 42 42 0 -1 4194560 100 0 0 0");
        REQUIRE(entry);
        CHECK(entry->pid == 42);
        CHECK(entry->parent_pid == 1);
        CHECK(entry->state == 'S');
        CHECK(entry->name == "sleep");
    }
    SUBCASE("a command name with spaces and parentheses") {
        auto entry = parse_proc_stat("7 (a (b) c) Z 3 7 7 0");
        REQUIRE(entry);
        CHECK(entry->pid == 7);
        CHECK(entry->parent_pid == 3);
        CHECK(entry->state == 'Z');
        CHECK(entry->name == "a (b) c");
    }
    SUBCASE("the start time (field 22)") {
        auto entry = parse_proc_stat("42 (sleep) S 1 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 "
                                     "0 123456 1000 200");
        REQUIRE(entry);
        CHECK(entry->start_time == 123456);
        CHECK(parse_proc_stat("42 (x) S 1 42")->start_time == 0);
        CHECK(util::read_proc_stat("self")->start_time > 0);
    }
    SUBCASE("garbage") {
        CHECK_FALSE(parse_proc_stat(""));
        CHECK_FALSE(parse_proc_stat("x (y) S 1"));
        CHECK_FALSE(parse_proc_stat("1 (y) S"));
        CHECK_FALSE(parse_proc_stat("1 y S 1"));
    }
}

TEST_CASE("util::read_proc_stat") {
    auto self = util::read_proc_stat("self");
    REQUIRE(self);
    CHECK(self->pid == getpid());
    CHECK(self->parent_pid == getppid());
    CHECK(self->state == 'R');
    CHECK_FALSE(util::read_proc_stat("0"));
}

TEST_CASE("util::parse_status_uid") {
    CHECK(util::parse_status_uid("Name:\tsshd\nUid:\t1000\t1000\t1000\t1000\nGid:\t1\n") == 1000u);
    CHECK_FALSE(util::parse_status_uid("Name: x\n"));
    CHECK_FALSE(util::parse_status_uid("Uid:\n"));
    CHECK(util::read_process_uid("self") == getuid());
}
