#include "supervisor/exit_status.hpp"

#include <csignal>
#include <sys/wait.h>

namespace supervisor {

int exit_code_from_wait_status(int wait_status) {
    if (WIFEXITED(wait_status)) {
        return WEXITSTATUS(wait_status);
    }
    if (WIFSIGNALED(wait_status)) {
        return 128 + WTERMSIG(wait_status);
    }
    return 1;
}

int final_exit_code(const Outcome& outcome, const std::set<int>& codes_remapped_to_zero) {
    int code = 0;
    if (outcome.terminated_by_sigterm) {
        code = 128 + SIGTERM;
    } else {
        code = exit_code_from_wait_status(outcome.first_exit_wait_status);
        if (outcome.first_exit_was_companion && code == 0) {
            code = 1;
        }
    }
    return codes_remapped_to_zero.contains(code) ? 0 : code;
}

} // namespace supervisor
