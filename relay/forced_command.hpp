#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relay {

// What an SSH session asked to run (sshd's SSH_ORIGINAL_COMMAND).
enum class SessionKind {
    distccd,       // "distccd --inetd ...", also with a path: relayed to the loopback daemon
    interactive,   // no command: a login shell
    other_command, // anything else, e.g. "ccache -s"
};

// Classifies a session. The client's distccd arguments are not used: the loopback daemon's
// own settings (compiler whitelist, job limit) apply to every job.
SessionKind classify_session(const std::optional<std::string>& original_command);

// Splits a command into words the way a simple shell command is split: blanks separate,
// single and double quotes group, backslash escapes. Nothing when quotes are unbalanced.
std::optional<std::vector<std::string>> split_command_words(std::string_view command);

} // namespace relay
