#include "metrics/session_reports.hpp"

#include "util/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace metrics {
namespace {

// Open report connections at most: one per SSH session being served; past that the socket's
// backlog fills and further relays go uncounted rather than wait.
constexpr std::size_t k_max_connections = 1024;
// Processes remembered as having reported; past that, those gone are forgotten.
constexpr std::size_t k_max_remembered = 4096;

bool is_sshd(const ProcessFacts& process) {
    // OpenSSH 9.8 and later run sessions in sshd-session; the command name is cut at 15 bytes.
    return std::string_view(process.entry.name).starts_with("sshd");
}

std::optional<ProcessFacts> read_process(pid_t pid) {
    auto text = std::to_string(pid);
    auto entry = util::read_proc_stat(text);
    if (!entry) {
        return std::nullopt;
    }
    return ProcessFacts{*entry, util::read_process_uid(text)};
}

bool still_runs(pid_t pid, unsigned long long start_time) {
    auto entry = util::read_proc_stat(std::to_string(pid));
    return entry && entry->start_time == start_time;
}

} // namespace

bool is_session_relay(const ProcessFacts& relay, const ProcessFacts& parent,
                      const ProcessFacts& grandparent, uid_t user) {
    return relay.uid == user && relay.entry.parent_pid == parent.entry.pid && is_sshd(parent) &&
           parent.uid == user && parent.entry.parent_pid == grandparent.entry.pid &&
           is_sshd(grandparent) && grandparent.uid == uid_t{0};
}

SessionReports::SessionReports(SessionReports&& other) noexcept
    : m_listener(std::exchange(other.m_listener, -1)), m_user(other.m_user),
      m_connections(std::move(other.m_connections)), m_reported(std::move(other.m_reported)),
      m_counts(other.m_counts) {}

SessionReports::~SessionReports() {
    for (const auto& connection : m_connections) {
        close(connection.fd);
    }
    if (m_listener >= 0) {
        close(m_listener);
    }
}

std::optional<SessionReports> SessionReports::listen(const std::string& socket_path, uid_t user,
                                                     std::string& problem) {
    sockaddr_un address{};
    if (socket_path.size() >= sizeof address.sun_path) {
        problem = "the path is too long for a Unix socket";
        return std::nullopt;
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    util::UniqueFd listener(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!listener.valid()) {
        problem = util::describe_errno("socket");
        return std::nullopt;
    }
    // Only a socket may be replaced: anything else there is not ours.
    if (util::entry_kind(socket_path) == util::EntryKind::other) {
        unlink(socket_path.c_str());
    }
    if (bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        problem = util::describe_errno("bind");
        return std::nullopt;
    }
    // Every SSH session connects; only root writes the directory it lies in.
    if (chmod(socket_path.c_str(), 0666) != 0 || ::listen(listener.get(), 128) != 0) {
        problem = util::describe_errno("listen");
        return std::nullopt;
    }
    return SessionReports(dup(listener.get()), user);
}

void SessionReports::add_poll_fds(std::vector<pollfd>& fds) const {
    if (m_connections.size() < k_max_connections) {
        fds.push_back({m_listener, POLLIN, 0});
    }
    for (const auto& connection : m_connections) {
        fds.push_back({connection.fd, POLLIN, 0});
    }
}

void SessionReports::handle(const std::vector<pollfd>& fds) {
    auto readable = [&](int fd) {
        return std::ranges::any_of(fds, [&](const pollfd& polled) {
            return polled.fd == fd && (polled.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
        });
    };
    for (auto& connection : m_connections) {
        if (readable(connection.fd)) {
            read_report(connection);
        }
    }
    std::erase_if(m_connections, [](const Connection& connection) { return connection.fd < 0; });
    if (readable(m_listener)) {
        accept_reports();
    }
}

SessionCounts SessionReports::counts() const {
    auto counts = m_counts;
    counts.active = static_cast<double>(
        std::ranges::count_if(m_connections, [](const auto& one) { return one.compile; }));
    return counts;
}

void SessionReports::accept_reports() {
    while (m_connections.size() < k_max_connections) {
        int fd = accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            return; // EAGAIN: none left; anything else: try again on the next wake-up
        }
        ucred peer{};
        socklen_t size = sizeof peer;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 || peer.uid != m_user ||
            !is_first_report_of_a_relay(peer.pid)) {
            close(fd);
            continue;
        }
        m_connections.push_back({fd});
        read_report(m_connections.back());
        if (m_connections.back().fd < 0) {
            m_connections.pop_back();
        }
    }
}

// The relay's process must still be there to be checked: a session that ends at once waits
// for the acknowledgement before it goes (relay/session_report.cpp).
bool SessionReports::is_first_report_of_a_relay(pid_t pid) {
    auto relay = read_process(pid);
    auto parent = relay ? read_process(relay->entry.parent_pid) : std::nullopt;
    auto grandparent = parent ? read_process(parent->entry.parent_pid) : std::nullopt;
    if (!grandparent || !is_session_relay(*relay, *parent, *grandparent, m_user)) {
        return false;
    }
    if (m_reported.size() >= k_max_remembered) {
        std::erase_if(m_reported,
                      [](const auto& known) { return !still_runs(known.first, known.second); });
    }
    return m_reported.emplace(pid, relay->entry.start_time).second;
}

void SessionReports::read_report(Connection& connection) {
    char byte = 0;
    ssize_t count = recv(connection.fd, &byte, 1, 0);
    if (count < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (count == 1 && !connection.reported) {
        connection.reported = true;
        if (auto outcome = relay::parse_outcome_byte(byte)) {
            switch (*outcome) {
            case relay::SessionOutcome::compile:
                m_counts.compile += 1;
                connection.compile = true;
                break;
            case relay::SessionOutcome::command:
                m_counts.command += 1;
                break;
            case relay::SessionOutcome::refused:
                m_counts.refused += 1;
                break;
            }
            char acknowledgement = 'k';
            send(connection.fd, &acknowledgement, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (connection.compile) {
                return; // open until the session ends
            }
        }
    }
    // The end of the session, a second byte, or a byte that is no outcome: done with it.
    close(connection.fd);
    connection.fd = -1;
    connection.compile = false;
}

} // namespace metrics
