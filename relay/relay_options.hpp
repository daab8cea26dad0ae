#pragma once

#include "relay/session.hpp"

#include <string>
#include <variant>
#include <vector>

namespace relay {

// Reads the relay's own options. `distcc-relay` is the SSH user's login shell, so sshd starts
// it as `distcc-relay -c "<ForceCommand>"`, the ForceCommand being distcc-init's
// "/usr/local/bin/distcc-relay --port N --shell SHELL [--compile-only]
// [--session-socket FILE]"; it may also be called with those options directly. The session's
// command comes from SSH_ORIGINAL_COMMAND, not from here.
//
// As a login shell the relay may also be asked for something that is not its own command:
// a session of an sshd whose ForceCommand was turned off by an argument
// (`-o ForceCommand=none`), or a login (`login`: argv[0] begins with '-') without one. It
// then behaves as the shell it stands in for, through a real one: a ShellRequest.
struct ShellRequest {
    std::optional<std::string> command; // nothing: a login shell
};

// The settings, a ShellRequest, or one line saying what was wrong.
using RelayRequest = std::variant<SessionSettings, ShellRequest, std::string>;
RelayRequest parse_relay_options(const std::vector<std::string>& args, bool login = false);

} // namespace relay
