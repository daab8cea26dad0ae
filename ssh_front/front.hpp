#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ssh_front {

// The ssh image's tunnel mode (DISTCC_SSH_TUNNEL=1): distcc-init owns sshd's listening
// socket and hands each connection to its own `sshd -i`, as inetd (or systemd's ssh.socket)
// would. The point is TCP_NODELAY on the worker's side of every SSH connection: OpenSSH
// sets it only for sessions with a terminal, and distcc's many small writes through a
// tunnel otherwise wait for delayed ACKs (about 1.3 x a direct TCP job, measured).
struct FrontOptions {
    std::string address; // empty: every address ("::", else "0.0.0.0" without IPv6)
    std::uint16_t port = 22;
    int max_connections = 0;               // at once; more are closed at once
    std::vector<std::string> sshd_command; // `sshd -i ...`, run once per connection
};

// Serves until killed (SIGTERM ends it, as it ends sshd). Returns only when it cannot
// listen: exit 3, with one line logged.
int serve_connections(const FrontOptions& options);

} // namespace ssh_front
