#include "supervisor/process_table.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <unistd.h>

using namespace supervisor;
using util::ProcessEntry;

TEST_CASE("supervisor::descendants_of") {
    std::vector<ProcessEntry> table{{1, 0, 'S', "p1"},    {10, 1, 'S', "p10"},
                                    {11, 10, 'S', "p11"}, {12, 11, 'Z', "p12"},
                                    {20, 1, 'S', "p20"},  {21, 20, 'S', "p21"}};
    auto found = descendants_of(10, table);
    std::ranges::sort(found);
    CHECK(found == std::vector<pid_t>{11, 12});
    CHECK(descendants_of(12, table).empty());
    CHECK(descendants_of(1, table).size() == 5);
}

TEST_CASE("supervisor::count_grandchildren") {
    // distccd 10 with preforked children 11 (compiling: 12 and its zombie 13) and 14 (idle);
    // a companion 20 with a child 21 and grandchild 22.
    std::vector<ProcessEntry> table{{10, 1, 'S', "distccd"},       {11, 10, 'S', "distccd"},
                                    {12, 11, 'S', "distcc-guard"}, {13, 11, 'Z', "gcc"},
                                    {14, 10, 'S', "distccd"},      {20, 1, 'S', "sshd"},
                                    {21, 20, 'S', "sshd"},         {22, 21, 'S', "relay"}};
    CHECK(count_grandchildren({10}, table) == 1);
    CHECK(count_grandchildren({10, 20}, table) == 2);
    CHECK(count_grandchildren({14}, table) == 0);
    CHECK(count_grandchildren({}, table) == 0);
}

TEST_CASE("supervisor::read_process_table") {
    auto table = supervisor::read_process_table();
    CHECK(std::ranges::any_of(table, [](const ProcessEntry& e) { return e.pid == getpid(); }));
    CHECK(supervisor::proc_shows_own_pid_namespace());
}
