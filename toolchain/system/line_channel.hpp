#pragma once

// One side of the push conversation (push_protocol.hpp) over file descriptors: a socket, or
// ssh's stdin and stdout. Lines and bytes, every wait bounded, the whole bounded by a deadline:
// a silent or stalled peer ends the conversation instead of holding it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace toolchain {

class LineChannel {
  public:
    using Clock = std::chrono::steady_clock;

    LineChannel(int read_fd, int write_fd, std::chrono::milliseconds idle,
                Clock::time_point deadline = Clock::time_point::max())
        : m_read(read_fd), m_write(write_fd), m_idle(idle), m_deadline(deadline) {}

    // The next line without its end; nothing on end of input, silence or an over-long line.
    std::optional<std::string> read_line();

    // All of `bytes`; false when the peer is gone or stalls.
    bool send(std::string_view bytes);

    // The whole content of a file; false when it cannot be read or sent.
    bool send_file(const std::string& path);

    // Exactly `size` bytes received into `fd`; false when they do not all come.
    bool copy_to(int fd, std::uint64_t size);

  private:
    int wait_milliseconds() const;
    bool fill();

    int m_read;
    int m_write;
    std::chrono::milliseconds m_idle;
    Clock::time_point m_deadline;
    std::string m_buffer; // read but not yet taken
};

} // namespace toolchain
