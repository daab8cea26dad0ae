#pragma once

#include "util/socket_table.hpp"

#include <sys/types.h>
#include <vector>

namespace health {

// What the processes holding a listening socket are doing.
struct SocketOwners {
    std::vector<pid_t> pids;   // processes with the socket open
    int waiting_in_accept = 0; // of those, blocked in accept(): ready to serve a client
    int stopped = 0;           // of those, stopped (SIGSTOP) or traced
    bool could_inspect = true; // false when /proc/PID/fd was not readable
};

// Listening sockets on `port` in this network namespace (IPv4 and IPv6).
std::vector<util::ListeningSocket> find_listening_sockets(std::uint16_t port);

// The processes that hold one of `sockets` open (needs the same user, or root).
SocketOwners find_socket_owners(const std::vector<util::ListeningSocket>& sockets);

} // namespace health
