#include "util/tcp_probe.hpp"

#include "util/socket_address.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace util {
namespace {

using Clock = std::chrono::steady_clock;

int milliseconds_left(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return static_cast<int>(std::max<long>(0, left.count()));
}

bool wait_for(int fd, short events, Clock::time_point deadline) {
    pollfd entry{fd, events, 0};
    int ready = 0;
    do {
        ready = poll(&entry, 1, milliseconds_left(deadline));
    } while (ready < 0 && errno == EINTR);
    return ready > 0;
}

} // namespace

int connect_numeric(const std::string& address, std::uint16_t port, Clock::time_point deadline,
                    std::string& error) {
    auto socket_address = parse_socket_address(address, port);
    if (!socket_address) {
        error = "not a numeric IP address: " + address;
        return -1;
    }
    int fd = socket(socket_address->family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::strerror(errno);
        return -1;
    }
    if (connect(fd, socket_address->get(), socket_address->length) != 0 && errno != EINPROGRESS) {
        error = std::strerror(errno);
        close(fd);
        return -1;
    }
    int socket_error = 0;
    socklen_t error_length = sizeof socket_error;
    if (!wait_for(fd, POLLOUT, deadline)) {
        error = "connection timed out";
    } else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &socket_error, &error_length) != 0 ||
               socket_error != 0) {
        error = std::strerror(socket_error != 0 ? socket_error : errno);
    }
    if (!error.empty()) {
        close(fd);
        return -1;
    }
    return fd;
}

namespace {

// Reads until `stop_after_lines` line ends (0: no limit), or EOF, or the deadline.
ProbeResult read_reply(int fd, Clock::time_point deadline, std::size_t stop_after_lines) {
    ProbeResult result;
    char buffer[4096];
    while (true) {
        if (!wait_for(fd, POLLIN, deadline)) {
            result.error = "no answer in time";
            return result;
        }
        ssize_t count = read(fd, buffer, sizeof buffer);
        if (count < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (count < 0) {
            result.error = std::strerror(errno);
            return result;
        }
        if (count == 0) {
            if (result.text.empty()) {
                result.error = "closed without answering";
            }
            return result;
        }
        result.text.append(buffer, static_cast<std::size_t>(count));
        if (stop_after_lines > 0 &&
            static_cast<std::size_t>(std::ranges::count(result.text, '\n')) >= stop_after_lines) {
            return result;
        }
    }
}

} // namespace

bool can_connect(const std::string& address, std::uint16_t port, Clock::time_point deadline,
                 std::string& error) {
    int fd = connect_numeric(address, port, deadline, error);
    if (fd >= 0) {
        close(fd);
    }
    return fd >= 0;
}

ProbeResult read_banner(const std::string& address, std::uint16_t port,
                        Clock::time_point deadline) {
    std::string error;
    int fd = connect_numeric(address, port, deadline, error);
    if (fd < 0) {
        return {"", error};
    }
    auto result = read_reply(fd, deadline, 1);
    close(fd);
    return result;
}

ProbeResult http_get(const std::string& address, std::uint16_t port, Clock::time_point deadline,
                     const std::string& path) {
    return exchange_lines(address, port, deadline, "GET " + path + " HTTP/1.0\r\n\r\n", 0);
}

ProbeResult exchange_lines(const std::string& address, std::uint16_t port,
                           Clock::time_point deadline, const std::string& request,
                           std::size_t lines) {
    std::string error;
    int fd = connect_numeric(address, port, deadline, error);
    if (fd < 0) {
        return {"", error};
    }
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        close(fd);
        return {"", "cannot send the request"};
    }
    auto result = read_reply(fd, deadline, lines);
    close(fd);
    return result;
}

} // namespace util
