#pragma once

#include <optional>
#include <string>

namespace relay {

// What the relay did with an SSH session.
enum class SessionOutcome { compile, command, refused };

// The one byte a relay sends for each outcome, and back (nothing for any other byte).
char outcome_byte(SessionOutcome outcome);
std::optional<SessionOutcome> parse_outcome_byte(char byte);

// A session reported to the metrics companion: the relay connects to the companion's socket
// and sends its outcome, and the connection stays open while the session lasts. The companion
// checks who is on the other end (a relay that sshd started for a session, reporting once),
// so the counts are not the SSH user's to write. Reporting never blocks a session: without a
// companion, or with one too busy to take the connection, the session goes uncounted.
class SessionReport {
  public:
    SessionReport(const std::string& socket_path, SessionOutcome outcome) noexcept;
    ~SessionReport();
    SessionReport(const SessionReport&) = delete;
    SessionReport& operator=(const SessionReport&) = delete;

    // Before the session's process ends or becomes another program: waits, a second at most,
    // until the companion has checked the report (it checks the process, which must still be
    // there). The companion answers at once; only a machine too loaded to run it makes a
    // session wait that long.
    void await_acknowledgement() const noexcept;

  private:
    int m_fd = -1;
};

} // namespace relay
