#include "metrics/server.hpp"

#include "entrypoint/plan/passwd_file.hpp"
#include "metrics/exposition.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/socket_address.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fmt/format.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

namespace metrics {
namespace {

constexpr std::chrono::milliseconds k_scrape_timeout{3000};

// Whatever the client sends before the empty line that ends an HTTP request head; a slow or
// silent client gets a few seconds (SO_RCVTIMEO), then the connection is dropped.
std::string read_request_head(int fd) {
    std::string head;
    char buffer[2048];
    while (head.size() < 16384 && head.find("\r\n\r\n") == std::string::npos &&
           head.find("\n\n") == std::string::npos) {
        ssize_t count = recv(fd, buffer, sizeof buffer, 0);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            break;
        }
        head.append(buffer, static_cast<std::size_t>(count));
    }
    return head;
}

void send_all(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t sent = send(fd, text.data(), text.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) {
            continue;
        }
        if (sent <= 0) {
            return;
        }
        text.remove_prefix(static_cast<std::size_t>(sent));
    }
}

std::string response(std::string_view status, std::string_view content_type,
                     const std::string& body) {
    return fmt::format("HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n"
                       "Connection: close\r\n\r\n{}",
                       status, content_type, body.size(), body);
}

std::string answer(std::string_view request_line, const ServeOptions& options,
                   const WorkerFacts& facts, const std::optional<SessionCounts>& sessions) {
    auto method_end = request_line.find(' ');
    auto path_end = request_line.find(' ', method_end + 1);
    if (method_end == std::string_view::npos || path_end == std::string_view::npos) {
        return response("400 Bad Request", "text/plain", "bad request\n");
    }
    auto method = request_line.substr(0, method_end);
    auto path = request_line.substr(method_end + 1, path_end - method_end - 1);
    if (method != "GET" && method != "HEAD") {
        return response("405 Method Not Allowed", "text/plain", "only GET\n");
    }
    if (path != "/metrics" && !path.starts_with("/metrics?")) {
        return response("404 Not Found", "text/plain", "metrics are at /metrics\n");
    }
    auto body = render_exposition(collect(options.sources, facts, k_scrape_timeout, sessions));
    auto reply = response("200 OK", "text/plain; version=0.0.4; charset=utf-8", body);
    if (method == "HEAD") {
        reply.resize(reply.size() - body.size());
    }
    return reply;
}

void serve_one(int client, const ServeOptions& options, const WorkerFacts& facts,
               const std::optional<SessionCounts>& sessions) {
    timeval timeout{5, 0};
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    auto head = read_request_head(client);
    auto line_end = head.find_first_of("\r\n");
    if (line_end != std::string::npos) {
        send_all(client,
                 answer(std::string_view(head).substr(0, line_end), options, facts, sessions));
    }
}

// Where the relays report SSH sessions: listened on when the worker is an ssh one.
std::optional<SessionReports> listen_for_sessions(const Sources& sources) {
    if (!sources.session_socket) {
        return std::nullopt;
    }
    auto users = entrypoint::parse_passwd(util::read_text_file("/etc/passwd").value_or(""));
    auto user = entrypoint::find_user(users, sources.ssh_user);
    std::string problem = "no such user " + sources.ssh_user;
    auto reports =
        user ? SessionReports::listen(*sources.session_socket, user->uid, problem) : std::nullopt;
    if (!reports) {
        spdlog::warn("metrics: SSH sessions are not counted ({}: {})", *sources.session_socket,
                     problem);
    }
    return reports;
}

} // namespace

int serve_metrics(const ServeOptions& options) {
    signal(SIGPIPE, SIG_IGN);
    std::string problem;
    int listener = util::listen_tcp(options.address, options.port, problem);
    if (listener < 0) {
        spdlog::error("metrics: cannot listen on {}: {}",
                      util::format_endpoint(options.address, options.port), problem);
        return util::k_exit_configuration;
    }
    auto sessions = listen_for_sessions(options.sources);
    WorkerFacts facts{DISTCC_INIT_VERSION, static_cast<double>(std::time(nullptr)),
                      find_served_compilers()};
    spdlog::info("metrics: serving http://{}/metrics ({} served compiler name(s))",
                 util::format_endpoint(options.address, options.port), facts.compilers.size());
    std::vector<pollfd> fds;
    while (true) {
        fds.assign(1, {listener, POLLIN, 0});
        if (sessions) {
            sessions->add_poll_fds(fds);
        }
        if (poll(fds.data(), fds.size(), -1) < 0) {
            continue; // EINTR
        }
        if (sessions) {
            sessions->handle(fds);
        }
        if ((fds.front().revents & POLLIN) == 0) {
            continue;
        }
        int client = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            // ECONNABORTED, EMFILE: go on, without spinning when it lasts.
            timespec pause{0, errno == EINTR ? 0 : 100'000'000};
            nanosleep(&pause, nullptr);
            continue;
        }
        try {
            facts.compilers = find_served_compilers();
            serve_one(client, options, facts,
                      sessions ? std::optional(sessions->counts()) : std::nullopt);
        } catch (const std::exception& error) {
            spdlog::warn("metrics: a scrape failed: {}", error.what());
        }
        close(client);
    }
}

} // namespace metrics
