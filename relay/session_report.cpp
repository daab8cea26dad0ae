#include "relay/session_report.hpp"

#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace relay {
namespace {

// How long a session that ends at once waits for the companion to check its report: the
// companion answers in microseconds, but a loaded machine may not run it for a while.
constexpr int k_acknowledgement_wait_ms = 1000;

} // namespace

char outcome_byte(SessionOutcome outcome) {
    switch (outcome) {
    case SessionOutcome::compile:
        return 'c';
    case SessionOutcome::command:
        return 'x';
    case SessionOutcome::refused:
        return 'r';
    }
    return '?';
}

std::optional<SessionOutcome> parse_outcome_byte(char byte) {
    for (auto outcome :
         {SessionOutcome::compile, SessionOutcome::command, SessionOutcome::refused}) {
        if (outcome_byte(outcome) == byte) {
            return outcome;
        }
    }
    return std::nullopt;
}

SessionReport::SessionReport(const std::string& socket_path, SessionOutcome outcome) noexcept {
    sockaddr_un address{};
    if (socket_path.size() >= sizeof address.sun_path) {
        return;
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    // Non-blocking: a full backlog is EAGAIN at once, not a wait.
    m_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        return;
    }
    char byte = outcome_byte(outcome);
    if (connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        send(m_fd, &byte, 1, MSG_NOSIGNAL) != 1) {
        close(m_fd);
        m_fd = -1;
    }
}

SessionReport::~SessionReport() {
    if (m_fd >= 0) {
        close(m_fd);
    }
}

void SessionReport::await_acknowledgement() const noexcept {
    if (m_fd < 0) {
        return;
    }
    pollfd waiting{m_fd, POLLIN, 0};
    poll(&waiting, 1, k_acknowledgement_wait_ms);
}

} // namespace relay
