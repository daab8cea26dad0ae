#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <sys/socket.h>

namespace util {

// A numeric IPv4 or IPv6 address and a port, ready for bind() or connect(). Numeric only:
// the static binary has no NSS to resolve names.
struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family() const { return storage.ss_family; }
    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// Nothing when `address` is not a numeric IPv4 or IPv6 address.
std::optional<SocketAddress> parse_socket_address(const std::string& address, std::uint16_t port);

// "127.0.0.1:3634", "[::1]:3634".
std::string format_endpoint(const std::string& address, std::uint16_t port);

// A listening TCP socket (SO_REUSEADDR, close-on-exec) on address:port, or -1 with
// `problem` saying why.
int listen_tcp(const std::string& address, std::uint16_t port, std::string& problem);

} // namespace util
