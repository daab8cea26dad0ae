#pragma once

#include "supervisor/inherited_signals.hpp"

#include <string>
#include <sys/types.h>
#include <variant>
#include <vector>

namespace supervisor {

// Why a program could not be started; `exit_code` follows the shell: 127 not found, 126 other.
struct SpawnFailure {
    int error_number = 0;
    int exit_code = 0;
};

// Starts argv (PATH lookup like execvp) in its own process group, with the inherited signal
// state, the same environment and only fds 0-2 (and, WITH_LOG_FD, stderr again as k_log_fd).
// When stdin is a terminal the new group becomes its foreground group.
std::variant<pid_t, SpawnFailure> spawn_program(const std::vector<std::string>& argv,
                                                const InheritedSignals& inherited,
                                                bool with_log_fd = false);

} // namespace supervisor
