#pragma once

#include "relay/session.hpp"

#include <string>
#include <variant>
#include <vector>

namespace relay {

// Reads the relay's own options. `distcc-relay` is the SSH user's login shell, so sshd starts
// it as `distcc-relay -c "<ForceCommand>"`, the ForceCommand being distcc-init's
// "/usr/local/bin/distcc-relay --port N --shell SHELL [--compile-only]
// [--session-counts FILE]"; it may also be called with those options directly. The session's
// command comes from SSH_ORIGINAL_COMMAND, not from here. Returns the settings or one line
// saying what was wrong.
std::variant<SessionSettings, std::string>
parse_relay_options(const std::vector<std::string>& args);

} // namespace relay
