#include "relay/byte_pump.hpp"

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace relay {
namespace {

constexpr std::size_t k_chunk = 1 << 16;

bool is_socket(int fd) {
    struct stat info {};
    return fstat(fd, &info) == 0 && S_ISSOCK(info.st_mode);
}

void set_non_blocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

bool would_block(ssize_t result) {
    return result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

// One direction of the relay: bytes from `m_from` to `m_to`, through a pipe with splice()
// or through a buffer with read()/write() when splice is not supported for these fds.
class Direction {
  public:
    Direction(int from, int to) : m_from(from), m_to(to) {
        m_use_splice = pipe2(m_pipe.data(), O_CLOEXEC | O_NONBLOCK) == 0;
    }
    ~Direction() {
        if (m_use_splice || m_pipe[0] >= 0) {
            close(m_pipe[0]);
            close(m_pipe[1]);
        }
    }
    Direction(const Direction&) = delete;
    Direction& operator=(const Direction&) = delete;

    bool done() const { return m_done; }
    std::uint64_t bytes() const { return m_bytes; }
    int error_number() const { return m_error; }

    // The fd and event this direction waits for, or nothing when done.
    pollfd wanted() const {
        if (m_done) {
            return {-1, 0, 0};
        }
        return pending() > 0 ? pollfd{m_to, POLLOUT, 0} : pollfd{m_from, POLLIN, 0};
    }

    // Moves what can be moved without blocking.
    void advance() {
        if (m_done) {
            return;
        }
        if (pending() == 0 && !m_end_of_input) {
            fill();
        }
        if (pending() > 0) {
            drain();
        }
        if (m_end_of_input && pending() == 0 && !m_done) {
            finish();
        }
    }

  private:
    std::size_t pending() const { return m_in_pipe + (m_buffer_end - m_buffer_offset); }

    // The copy buffer, allocated on first use and not zeroed: only the bytes read into it
    // are touched, so a session that never copies (or copies little) faults in no pages.
    char* buffer() {
        if (!m_buffer) {
            m_buffer = std::make_unique_for_overwrite<char[]>(k_chunk);
        }
        return m_buffer.get();
    }

    void fill() {
        ssize_t count = 0;
        if (m_use_splice) {
            count = splice(m_from, nullptr, m_pipe[1], nullptr, k_chunk,
                           SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            if (count < 0 && errno == EINVAL) {
                m_use_splice = false;
                return fill();
            }
            if (count > 0) {
                m_in_pipe += static_cast<std::size_t>(count);
            }
        } else {
            m_buffer_offset = 0;
            count = read(m_from, buffer(), k_chunk);
            m_buffer_end = count > 0 ? static_cast<std::size_t>(count) : 0;
        }
        if (count == 0) {
            m_end_of_input = true;
        } else if (count < 0 && !would_block(count) && errno != EINTR) {
            fail(errno);
        }
    }

    void drain() {
        ssize_t count = 0;
        if (m_in_pipe > 0) {
            count = splice(m_pipe[0], nullptr, m_to, nullptr, m_in_pipe,
                           SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            if (count < 0 && errno == EINVAL) {
                move_pipe_into_buffer();
                if (!m_done) {
                    drain();
                }
                return;
            }
            if (count > 0) {
                m_in_pipe -= static_cast<std::size_t>(count);
            }
        } else {
            const char* data = m_buffer.get() + m_buffer_offset;
            std::size_t size = m_buffer_end - m_buffer_offset;
            count =
                is_socket(m_to) ? send(m_to, data, size, MSG_NOSIGNAL) : write(m_to, data, size);
            if (count > 0) {
                m_buffer_offset += static_cast<std::size_t>(count);
            }
        }
        if (count > 0) {
            m_bytes += static_cast<std::uint64_t>(count);
        } else if (!would_block(count) && errno != EINTR) {
            fail(errno);
        }
    }

    // splice() into this destination is not supported: continue with plain copies. The
    // buffer is empty here (a direction fills either its pipe or its buffer, and only when
    // nothing is pending), and the pipe holds at most one chunk.
    void move_pipe_into_buffer() {
        ssize_t count = read(m_pipe[0], buffer(), m_in_pipe);
        m_use_splice = false;
        if (count < 0 || static_cast<std::size_t>(count) != m_in_pipe) {
            fail(count < 0 ? errno : EIO); // bytes stuck in the pipe: the stream is broken
            return;
        }
        m_buffer_offset = 0;
        m_buffer_end = m_in_pipe;
        m_in_pipe = 0;
    }

    void finish() {
        if (is_socket(m_to)) {
            shutdown(m_to, SHUT_WR);
        } else {
            close(m_to);
        }
        m_done = true;
    }

    // The other end went away (EPIPE, ECONNRESET): this direction is over.
    void fail(int error_number) {
        if (m_error == 0 && error_number != EPIPE) {
            m_error = error_number;
        }
        m_in_pipe = 0;
        m_buffer_offset = 0;
        m_buffer_end = 0;
        m_end_of_input = true;
        finish();
    }

    int m_from;
    int m_to;
    std::array<int, 2> m_pipe{-1, -1};
    bool m_use_splice = false;
    std::size_t m_in_pipe = 0;
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_buffer_offset = 0; // the unsent bytes are [m_buffer_offset, m_buffer_end)
    std::size_t m_buffer_end = 0;
    bool m_end_of_input = false;
    bool m_done = false;
    std::uint64_t m_bytes = 0;
    int m_error = 0;
};

} // namespace

PumpResult pump(int input_fd, int output_fd, int socket_fd) {
    for (int fd : {input_fd, output_fd, socket_fd}) {
        set_non_blocking(fd);
    }
    Direction upstream(input_fd, socket_fd);
    Direction downstream(socket_fd, output_fd);
    // The session is over once the daemon's side has ended (and all of it went to the
    // client), as when `distccd --inetd` exits: a client that holds its side open after
    // the daemon hung up (a rejected request) must not keep the relay alive.
    while (!downstream.done()) {
        std::array<pollfd, 2> waits{upstream.wanted(), downstream.wanted()};
        if (poll(waits.data(), waits.size(), -1) < 0 && errno != EINTR) {
            break;
        }
        upstream.advance();
        downstream.advance();
    }
    PumpResult result;
    result.bytes_to_socket = upstream.bytes();
    result.bytes_from_socket = downstream.bytes();
    result.error_number =
        upstream.error_number() != 0 ? upstream.error_number() : downstream.error_number();
    return result;
}

} // namespace relay
