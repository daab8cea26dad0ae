#include "supervisor/exit_status.hpp"

#include "util/exit_codes.hpp"

#include <csignal>
#include <sys/wait.h>

namespace supervisor {

int exit_code_from_wait_status(int wait_status) {
    if (WIFEXITED(wait_status)) {
        return WEXITSTATUS(wait_status);
    }
    if (WIFSIGNALED(wait_status)) {
        return util::k_exit_signal_base + WTERMSIG(wait_status);
    }
    return util::k_exit_failure;
}

int final_exit_code(const Outcome& outcome, const std::set<int>& codes_remapped_to_zero) {
    int code = 0;
    if (outcome.terminated_by_sigterm) {
        code = util::k_exit_signal_base + SIGTERM;
    } else {
        code = exit_code_from_wait_status(outcome.first_exit_wait_status);
        if (outcome.first_exit_was_companion && code == 0) {
            code = util::k_exit_failure;
        }
    }
    return codes_remapped_to_zero.contains(code) ? 0 : code;
}

} // namespace supervisor
