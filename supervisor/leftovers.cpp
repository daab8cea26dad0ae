#include "supervisor/leftovers.hpp"

#include "supervisor/process_table.hpp"

#include <cerrno>
#include <csignal>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

namespace supervisor {

bool has_children() {
    siginfo_t info{};
    // WNOWAIT leaves any zombie for the reaping loop, its one owner.
    return waitid(P_ALL, 0, &info, WEXITED | WSTOPPED | WCONTINUED | WNOHANG | WNOWAIT) == 0 ||
           errno != ECHILD;
}

int signal_leftover_processes(int signal_number, bool is_pid1) {
    if (is_pid1) {
        // kill(-1) never reaches the caller and never leaves its PID namespace.
        return kill(-1, signal_number) == 0 ? 1 : 0;
    }
    if (!proc_shows_own_pid_namespace()) {
        spdlog::warn("/proc belongs to another PID namespace: leftover processes cannot be found");
        return 0;
    }
    int signalled = 0;
    for (pid_t pid : descendants_of(getpid(), read_process_table())) {
        if (kill(pid, signal_number) == 0) {
            ++signalled;
        }
    }
    return signalled;
}

} // namespace supervisor
