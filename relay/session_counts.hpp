#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace relay {

// SSH sessions served since the worker started, by what the relay did with them. Every
// session is a process of its own (sshd runs one relay each), so the counts live in a small
// file that each relay updates under a lock and the metrics companion reads.
struct SessionCounts {
    double compile = 0; // relayed to the loopback distccd
    double command = 0; // another command or a login, run through the user's shell
    double refused = 0; // refused by compile-only mode
};

enum class SessionOutcome { compile, command, refused };

// The counts file's content ("compile N\ncommand N\nrefused N\n") and its parser; a
// missing or damaged line counts 0.
std::string format_session_counts(const SessionCounts& counts);
SessionCounts parse_session_counts(std::string_view text);

// Adds one session to the counts in `path` (created 0644 when missing, never through a
// symlink). Best effort: a session is never refused because it could not be counted.
void count_session(const std::string& path, SessionOutcome outcome) noexcept;

// The counts in `path`; nothing when the file cannot be read (no session yet).
std::optional<SessionCounts> read_session_counts(const std::string& path);

} // namespace relay
