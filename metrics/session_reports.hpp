#pragma once

#include "relay/session_report.hpp"
#include "util/proc_stat.hpp"

#include <optional>
#include <poll.h>
#include <set>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace metrics {

// A process, and the real user it runs as, as /proc tells them.
struct ProcessFacts {
    util::ProcessEntry entry;
    std::optional<uid_t> uid;
};

// Whether a process that reported a session is a relay that sshd started for a session of
// USER: its parent is that session's sshd process, running as USER, whose parent is sshd's
// privileged process, running as root. A process of the user's own making has another parent
// (its shell); sshd's processes cannot be traced or made to run the user's code.
bool is_session_relay(const ProcessFacts& relay, const ProcessFacts& parent,
                      const ProcessFacts& grandparent, uid_t user);

// SSH sessions as reported by the relays, for the metrics.
struct SessionCounts {
    double compile = 0; // relayed to the loopback distccd
    double command = 0; // another command or a login, run through the user's shell
    double refused = 0; // refused by compile-only mode
    double active = 0;  // compile sessions being relayed now
};

// The metrics companion's side of the relays' reports (relay/session_report.hpp): a Unix
// socket that only root can replace, each connection checked against /proc (from sshd, for a
// session of the SSH user, once per process), counted by the outcome byte it sends, and a
// compile session counted as active until it closes. Never blocks: every descriptor is
// non-blocking, and past a bound on open connections the socket is not read until some close.
class SessionReports {
  public:
    SessionReports(const SessionReports&) = delete;
    SessionReports& operator=(const SessionReports&) = delete;
    SessionReports(SessionReports&& other) noexcept;
    SessionReports& operator=(SessionReports&&) = delete;
    ~SessionReports();

    // Listens on SOCKET_PATH (replacing a socket left there; the directory must be root's) for
    // reports of sessions of USER. Nothing, with PROBLEM set, when it cannot.
    static std::optional<SessionReports> listen(const std::string& socket_path, uid_t user,
                                                std::string& problem);

    // The descriptors to poll for reading.
    void add_poll_fds(std::vector<pollfd>& fds) const;
    // Handles what poll() found readable among them.
    void handle(const std::vector<pollfd>& fds);

    SessionCounts counts() const;

  private:
    struct Connection {
        int fd = -1;
        bool reported = false; // its outcome byte came
        bool compile = false;  // a compile session: active until it closes
    };

    SessionReports(int listener, uid_t user) : m_listener(listener), m_user(user) {}
    void accept_reports();
    void read_report(Connection& connection);
    bool is_first_report_of_a_relay(pid_t pid);

    int m_listener = -1;
    uid_t m_user = 0;
    std::vector<Connection> m_connections;
    std::set<std::pair<pid_t, unsigned long long>> m_reported; // (pid, start time)
    SessionCounts m_counts;
};

} // namespace metrics
