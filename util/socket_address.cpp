#include "util/socket_address.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <unistd.h>

namespace util {

std::optional<SocketAddress> parse_socket_address(const std::string& address, std::uint16_t port) {
    SocketAddress result;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&result.storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&result.storage);
    if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        result.length = sizeof *v4;
        return result;
    }
    if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        result.length = sizeof *v6;
        return result;
    }
    return std::nullopt;
}

std::string format_endpoint(const std::string& address, std::uint16_t port) {
    bool is_v6 = address.find(':') != std::string::npos;
    return (is_v6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

int listen_tcp(const std::string& address, std::uint16_t port, std::string& problem) {
    auto socket_address = parse_socket_address(address, port);
    if (!socket_address) {
        problem = "not a numeric IP address: " + address;
        return -1;
    }
    int fd = socket(socket_address->family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        problem = std::strerror(errno);
        return -1;
    }
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(fd, socket_address->get(), socket_address->length) != 0 || listen(fd, 64) != 0) {
        problem = std::strerror(errno);
        close(fd);
        return -1;
    }
    return fd;
}

} // namespace util
