#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace util {

// What a probe read, or why it failed.
struct ProbeResult {
    std::string text;
    std::string error; // empty on success
    explicit operator bool() const { return error.empty(); }
};

// Connects to a numeric address and reads the first line the server sends (an SSH banner).
ProbeResult read_banner(const std::string& address, std::uint16_t port,
                        std::chrono::steady_clock::time_point deadline);

// Sends "GET PATH" over HTTP/1.0 and reads the whole answer (headers included).
ProbeResult http_get(const std::string& address, std::uint16_t port,
                     std::chrono::steady_clock::time_point deadline, const std::string& path = "/");

// Sends `request` and reads the answer up to its `lines`-th line end (or EOF): a line protocol
// such as Redis's.
ProbeResult exchange_lines(const std::string& address, std::uint16_t port,
                           std::chrono::steady_clock::time_point deadline,
                           const std::string& request, std::size_t lines);

// A connected non-blocking TCP socket, or -1 with `error` set. Numeric addresses only (no NSS).
int connect_numeric(const std::string& address, std::uint16_t port,
                    std::chrono::steady_clock::time_point deadline, std::string& error);

// Whether a TCP connection to address:port is accepted in time; `error` says why not.
bool can_connect(const std::string& address, std::uint16_t port,
                 std::chrono::steady_clock::time_point deadline, std::string& error);

} // namespace util
