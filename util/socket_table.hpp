#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace util {

// A TCP socket in LISTEN state, from /proc/net/tcp or tcp6.
struct ListeningSocket {
    std::uint16_t port = 0;
    unsigned long inode = 0;
    unsigned accept_queue = 0; // connections waiting for accept()
};

// Parses the content of /proc/net/tcp or /proc/net/tcp6, keeping LISTEN sockets only.
std::vector<ListeningSocket> parse_listening_sockets(std::string_view content);

// Connections on local port `port` that a process still serves (ESTABLISHED, CLOSE_WAIT, and
// SYN_RECV ones it will accept), in the content of /proc/net/tcp or /proc/net/tcp6. Closed
// ones the kernel finishes alone (FIN_WAIT, TIME_WAIT) are not counted.
int count_served_connections(std::string_view content, std::uint16_t port);

// count_served_connections() over /proc/net/tcp and tcp6 of this network namespace.
int count_served_connections(std::uint16_t port);

} // namespace util
