// relay::pump between a client (an SSH session's stdin and stdout) and a daemon (the
// loopback distccd), both played by threads that follow a fuzz-chosen script: chunks to
// write, then a half-close, a close or (TCP) a reset, after a chosen number of bytes
// written or read. Every script ends, so the pump must end too (a hang is a finding, caught
// by libFuzzer's -timeout). What arrives is always a prefix of what was sent; when both
// peers behave (write everything, half-close, read to the end) everything arrives intact.
#include "relay/byte_pump.hpp"
#include "support/check.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <limits>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using fuzz_support::require;

namespace {

constexpr std::size_t k_never = std::numeric_limits<std::size_t>::max();
constexpr std::size_t k_max_bytes = 512 * 1024; // per peer

enum class Ending {
    half_close, // behaves: writes everything, half-closes, reads to the end
    close,      // closes everything at the chosen point
    reset,      // TCP only: closes with an RST at the chosen point
};

struct Script {
    std::string data;                    // everything it writes, in order
    std::vector<std::size_t> chunk_ends; // where each write() it attempts ends in `data`
    Ending ending = Ending::half_close;
    std::size_t close_after_written = k_never;
    std::size_t close_after_read = k_never;
    bool answer_after_end = false; // writes only once its input ended (as distccd answers)
};

Script make_script(FuzzedDataProvider& input, bool is_daemon, bool can_reset) {
    Script script;
    auto chunk_count = input.ConsumeIntegralInRange<int>(0, 8);
    for (int i = 0; i < chunk_count && script.data.size() < k_max_bytes; ++i) {
        auto piece = input.ConsumeRandomLengthString(4096);
        auto repeat = input.ConsumeIntegralInRange<std::size_t>(1, 64);
        for (std::size_t r = 0; r < repeat && script.data.size() < k_max_bytes; ++r) {
            script.data += piece;
            script.chunk_ends.push_back(script.data.size());
        }
    }
    script.ending = static_cast<Ending>(input.ConsumeIntegralInRange<int>(0, can_reset ? 2 : 1));
    if (script.ending != Ending::half_close) {
        script.close_after_written =
            input.ConsumeIntegralInRange<std::size_t>(0, script.data.size());
        if (input.ConsumeBool()) {
            script.close_after_read = input.ConsumeIntegralInRange<std::size_t>(0, k_max_bytes);
        }
    }
    // Only the daemon waits for the end of its input: a client that waited too would wait
    // for an answer to a request it never ended.
    script.answer_after_end = is_daemon && input.ConsumeBool();
    return script;
}

void set_non_blocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

bool is_socket(int fd) {
    int type = 0;
    socklen_t length = sizeof type;
    return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0;
}

// One peer: reads from `read_fd`, writes its script to `write_fd` (the same fd for a socket),
// ends as its script says. Owns both fds.
class Peer {
  public:
    Peer(int read_fd, int write_fd, const Script& script)
        : m_read_fd(read_fd), m_write_fd(write_fd), m_on_socket(is_socket(write_fd)),
          m_script(script) {}

    // Runs the script; returns what it read.
    std::string run() {
        set_non_blocking(m_read_fd);
        set_non_blocking(m_write_fd);
        while (!m_closed) {
            if (take_ending_step()) {
                continue;
            }
            std::vector<pollfd> waits;
            if (m_reading) {
                waits.push_back({m_read_fd, POLLIN, 0});
            }
            bool wants_to_write =
                m_writing && has_data() && !(m_script.answer_after_end && m_reading);
            if (wants_to_write) {
                waits.push_back({m_write_fd, POLLOUT, 0});
            }
            require(!waits.empty(), "a peer that has not ended waits for something");
            poll(waits.data(), waits.size(), -1);
            if (m_reading) {
                read_some();
            }
            if (wants_to_write && m_writing) {
                write_some();
            }
        }
        return m_received;
    }

    std::size_t written() const { return m_written; }

  private:
    bool has_data() const { return m_chunk < m_script.chunk_ends.size(); }

    // Half-closes or closes when the script says so; true when it did.
    bool take_ending_step() {
        // A daemon that answers after the end of its input also hangs up only after it.
        bool writes_over = (!has_data() || !m_writing) && !(m_script.answer_after_end && m_reading);
        if (m_script.ending == Ending::half_close) {
            if (!m_half_closed && writes_over) {
                half_close();
                return true;
            }
            if (m_half_closed && !m_reading) {
                close_all(); // read to the end
                return true;
            }
            return false;
        }
        if (writes_over || m_written >= m_script.close_after_written ||
            m_received.size() >= m_script.close_after_read) {
            if (m_script.ending == Ending::reset) {
                linger stop{1, 0};
                setsockopt(m_write_fd, SOL_SOCKET, SO_LINGER, &stop, sizeof stop);
            }
            close_all();
            return true;
        }
        return false;
    }

    void half_close() {
        if (m_read_fd == m_write_fd) {
            shutdown(m_write_fd, SHUT_WR);
        } else {
            close(m_write_fd);
            m_write_fd = -1;
        }
        m_writing = false;
        m_half_closed = true;
    }

    void close_all() {
        if (m_write_fd >= 0 && m_write_fd != m_read_fd) {
            close(m_write_fd);
        }
        close(m_read_fd);
        m_reading = false;
        m_writing = false;
        m_closed = true;
    }

    void read_some() {
        char buffer[65536];
        auto count = read(m_read_fd, buffer, sizeof buffer);
        if (count > 0) {
            m_received.append(buffer, static_cast<std::size_t>(count));
        } else if (count == 0 || (errno != EAGAIN && errno != EINTR)) {
            m_reading = false; // end of input, or reset
        }
    }

    void write_some() {
        std::size_t limit = std::min(m_script.chunk_ends[m_chunk], m_script.close_after_written);
        if (limit > m_written) {
            const char* from = m_script.data.data() + m_written;
            auto length = limit - m_written;
            auto count = m_on_socket ? send(m_write_fd, from, length, MSG_NOSIGNAL)
                                     : write(m_write_fd, from, length);
            if (count > 0) {
                m_written += static_cast<std::size_t>(count);
            } else if (count < 0 && errno != EAGAIN && errno != EINTR) {
                m_writing = false; // the other side is gone
            }
        }
        while (has_data() && m_written >= m_script.chunk_ends[m_chunk]) {
            ++m_chunk;
        }
    }

    int m_read_fd;
    int m_write_fd;
    bool m_on_socket;
    const Script& m_script;
    std::string m_received;
    std::size_t m_written = 0;
    std::size_t m_chunk = 0;
    bool m_reading = true;
    bool m_writing = true;
    bool m_half_closed = false;
    bool m_closed = false;
};

// A connected TCP pair on loopback: {the relay's end, the daemon's end}.
std::pair<int, int> tcp_pair() {
    static int listener = [] {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        require(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                    listen(fd, 16) == 0,
                "a loopback listener");
        return fd;
    }();
    sockaddr_in address{};
    socklen_t length = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    int relay_end = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    require(connect(relay_end, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0,
            "connected to the loopback listener");
    int daemon_end = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    require(daemon_end >= 0, "accepted on the loopback listener");
    return {relay_end, daemon_end};
}

// With DISTCC_FUZZ_VERBOSE set, what an input asked for and what happened (to read a finding).
void describe(const char* who, const Script& script, const std::string& received) {
    if (std::getenv("DISTCC_FUZZ_VERBOSE") == nullptr) {
        return;
    }
    constexpr std::array k_endings{"half-close", "close", "reset"};
    std::fprintf(stderr,
                 "%s: %zu bytes in %zu writes, then %s (after %zu written / %zu read)%s; "
                 "received %zu\n",
                 who, script.data.size(), script.chunk_ends.size(),
                 k_endings[static_cast<std::size_t>(script.ending)],
                 std::min(script.close_after_written, script.data.size()), script.close_after_read,
                 script.answer_after_end ? ", answers after the end" : "", received.size());
}

bool is_prefix(const std::string& part, const std::string& whole) {
    return part.size() <= whole.size() && whole.compare(0, part.size(), part) == 0;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    signal(SIGPIPE, SIG_IGN); // as run_session does
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    bool client_on_socket = input.ConsumeBool();
    bool daemon_on_tcp = input.ConsumeBool();
    auto client_script = make_script(input, false, false);
    auto daemon_script = make_script(input, true, daemon_on_tcp);

    // The relay's ends: input (client -> relay), output (relay -> client), socket.
    int relay_input = -1;
    int relay_output = -1;
    int client_read = -1;
    int client_write = -1;
    if (client_on_socket) {
        int pair[2];
        require(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0, "socketpair");
        relay_input = relay_output = pair[0];
        client_read = client_write = pair[1];
    } else {
        int to_relay[2];
        int from_relay[2];
        require(pipe2(to_relay, O_CLOEXEC) == 0 && pipe2(from_relay, O_CLOEXEC) == 0, "pipes");
        relay_input = to_relay[0];
        client_write = to_relay[1];
        relay_output = from_relay[1];
        client_read = from_relay[0];
    }
    int relay_socket = -1;
    int daemon_socket = -1;
    if (daemon_on_tcp) {
        std::tie(relay_socket, daemon_socket) = tcp_pair();
    } else {
        int pair[2];
        require(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0, "socketpair");
        relay_socket = pair[0];
        daemon_socket = pair[1];
    }

    Peer client(client_read, client_write, client_script);
    Peer daemon(daemon_socket, daemon_socket, daemon_script);
    std::string client_received;
    std::string daemon_received;
    std::thread client_thread([&] { client_received = client.run(); });
    std::thread daemon_thread([&] { daemon_received = daemon.run(); });
    auto result = relay::pump(relay_input, relay_output, relay_socket);
    // The pump closed a pipe output itself; what is left ends the peers still writing.
    close(relay_input);
    close(relay_socket);
    client_thread.join();
    daemon_thread.join();
    describe(client_on_socket ? "client (socket)" : "client (pipes)", client_script,
             client_received);
    describe(daemon_on_tcp ? "daemon (tcp)" : "daemon (unix)", daemon_script, daemon_received);

    require(is_prefix(daemon_received, client_script.data),
            "the daemon receives a prefix of what the client sent");
    require(is_prefix(client_received, daemon_script.data),
            "the client receives a prefix of what the daemon sent");
    require(daemon_received.size() <= result.bytes_to_socket &&
                result.bytes_to_socket <= client.written(),
            "bytes_to_socket counts what went through");
    require(client_received.size() <= result.bytes_from_socket &&
                result.bytes_from_socket <= daemon.written(),
            "bytes_from_socket counts what went through");
    // A behaving daemon is distccd's kind: it reads the whole request before it answers and
    // hangs up. One that hangs up while the client still sends ends the session there (the
    // relay stops once the daemon's side is over, as distccd --inetd's exit would).
    bool both_behave = client_script.ending == Ending::half_close &&
                       daemon_script.ending == Ending::half_close && daemon_script.answer_after_end;
    if (both_behave) {
        require(daemon_received == client_script.data, "the daemon receives everything");
        require(client_received == daemon_script.data, "the client receives everything");
        require(result.bytes_to_socket == client_script.data.size() &&
                    result.bytes_from_socket == daemon_script.data.size(),
                "the pump counts everything");
        require(result.error_number == 0, "a clean relay reports no error");
    }
    return 0;
}
