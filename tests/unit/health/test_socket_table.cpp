#include "health/socket_table.hpp"

#include <doctest/doctest.h>

using namespace health;

TEST_CASE("health::parse_listening_sockets") {
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
