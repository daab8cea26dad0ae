#pragma once

#include <cstdint>

namespace relay {

// How a relay ended.
struct PumpResult {
    std::uint64_t bytes_to_socket = 0;
    std::uint64_t bytes_from_socket = 0;
    int error_number = 0; // first unexpected error, 0 for a clean end
};

// Moves bytes input -> socket and socket -> output until the socket -> output direction has
// ended (the daemon hung up or the client stopped reading), whether or not input has. EOF on
// input half-closes the socket (SHUT_WR); EOF from the socket ends the output side. Blocks in
// poll() only; uses splice() (zero-copy through a pipe) where the kernel allows, read/write
// otherwise. splice() into a closed socket raises SIGPIPE: the caller ignores it.
PumpResult pump(int input_fd, int output_fd, int socket_fd);

} // namespace relay
