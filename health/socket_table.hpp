#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace health {

// A TCP socket in LISTEN state, from /proc/net/tcp or tcp6.
struct ListeningSocket {
    std::uint16_t port = 0;
    unsigned long inode = 0;
    unsigned accept_queue = 0; // connections waiting for accept()
};

// Parses the content of /proc/net/tcp or /proc/net/tcp6, keeping LISTEN sockets only.
std::vector<ListeningSocket> parse_listening_sockets(std::string_view content);

} // namespace health
