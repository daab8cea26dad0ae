#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace relay {

// One SSH session as sshd hands it to distcc-relay (the user's login shell and ForceCommand).
struct SessionSettings {
    std::optional<std::string> original_command; // SSH_ORIGINAL_COMMAND; absent for a login
    std::uint16_t daemon_port = 0;               // the loopback distccd, set by the caller
    bool compile_only = false;                   // refuse everything but distccd
    std::string user_shell = "/bin/sh";          // runs every other command
    std::optional<std::string> report_socket;    // sessions are reported here (metrics on)
    std::optional<std::string> toolchain_socket; // toolchain pushes are relayed there
};

// Serves the session: relays distccd sessions to the loopback daemon over stdin/stdout, runs
// any other command through the user's shell (exec, does not return), or refuses it.
int run_session(const SessionSettings& settings);

// Runs `command` through `shell` (-c), or a login shell when there is none. Does not return.
[[noreturn]] void exec_shell(const std::string& shell, const std::optional<std::string>& command);

// The shell for commands that are not ours when no --shell was given: bash, else sh.
std::string system_shell();

} // namespace relay
