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

TEST_CASE("supervisor::read_process_table") {
    auto table = supervisor::read_process_table();
    CHECK(std::ranges::any_of(table, [](const ProcessEntry& e) { return e.pid == getpid(); }));
    CHECK(supervisor::proc_shows_own_pid_namespace());
}
