#include "util/socket_table.hpp"

#include <doctest/doctest.h>

using namespace util;

TEST_CASE("util::parse_listening_sockets") {
    auto sockets =
        parse_listening_sockets("  sl  local_address rem_address   st tx_queue rx_queue tr "
                                "tm->when retrnsmt   uid  timeout inode\n"
                                "   0: 0100007F:0E30 00000000:0000 0A 00000000:00000002 "
                                "00:00000000 00000000   999        0 4242 1 0 100 0 0 10 0\n"
                                "   1: 0100007F:0E30 0100007F:9C40 01 00000000:00000000 "
                                "00:00000000 00000000   999        0 4343 1 0 20 4 30 10 -1\n");
    REQUIRE(sockets.size() == 1);
    CHECK(sockets[0].port == 3632);
    CHECK(sockets[0].inode == 4242);
    CHECK(sockets[0].accept_queue == 2);
}

TEST_CASE("util::count_served_connections") {
    // 3632 listening, one established and one closing (CLOSE_WAIT), one in TIME_WAIT and one
    // in FIN_WAIT2 (closed by the server: the kernel finishes them), one on another port.
    auto table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
                 "   uid  timeout inode\n"
                 "   0: 0100007F:0E30 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
                 "   999 0 4242 1 0 100 0 0 10 0\n"
                 "   1: 0100007F:0E30 0100007F:9C40 01 00000000:00000000 00:00000000 00000000"
                 "   999 0 4343 1 0 20 4 30 10 -1\n"
                 "   2: 0100007F:0E30 0100007F:9C41 08 00000000:00000000 00:00000000 00000000"
                 "   999 0 4344 1 0 20 4 30 10 -1\n"
                 "   3: 0100007F:0E30 0100007F:9C42 06 00000000:00000000 00:00000000 00000000"
                 "   0 0 0 3 0 0 0 0 0 0\n"
                 "   4: 0100007F:0E30 0100007F:9C43 05 00000000:00000000 00:00000000 00000000"
                 "   0 0 0 3 0 0 0 0 0 0\n"
                 "   5: 0100007F:0E31 0100007F:9C44 01 00000000:00000000 00:00000000 00000000"
                 "   999 0 4345 1 0 20 4 30 10 -1\n";
    CHECK(count_served_connections(table, 3632) == 2);
    CHECK(count_served_connections(table, 3633) == 1);
    CHECK(count_served_connections(table, 22) == 0);
    CHECK(count_served_connections("garbage", 3632) == 0);
}
