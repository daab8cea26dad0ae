#include "supervisor/spawn.hpp"

#include "supervisor/child_setup.hpp"
#include "util/exit_codes.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace supervisor {
namespace {

// Runs in the child between fork and exec: async-signal-safe calls only.
[[noreturn]] void become_program(char* const* argv, const InheritedSignals& inherited,
                                 int error_pipe) noexcept {
    setpgid(0, 0);
    if (isatty(STDIN_FILENO) != 0) {
        // SIGTTOU is still blocked here, so a background group may take the terminal.
        tcsetpgrp(STDIN_FILENO, getpgrp());
    }
    prepare_child_for_exec(inherited);
    execvp(argv[0], argv);
    int error_number = errno;
    while (write(error_pipe, &error_number, sizeof error_number) < 0 && errno == EINTR) {
    }
    _exit(util::k_exit_not_found);
}

int read_exec_error(int error_pipe) {
    int error_number = 0;
    ssize_t count = 0;
    do {
        count = read(error_pipe, &error_number, sizeof error_number);
    } while (count < 0 && errno == EINTR);
    return count == sizeof error_number ? error_number : 0;
}

} // namespace

std::variant<pid_t, SpawnFailure> spawn_program(const std::vector<std::string>& argv,
                                                const InheritedSignals& inherited) {
    if (argv.empty()) {
        return SpawnFailure{ENOENT, util::k_exit_not_found};
    }
    std::vector<char*> c_argv;
    c_argv.reserve(argv.size() + 1);
    for (const auto& word : argv) {
        c_argv.push_back(const_cast<char*>(word.c_str()));
    }
    c_argv.push_back(nullptr);

    int error_pipe[2];
    if (pipe2(error_pipe, O_CLOEXEC) != 0) {
        return SpawnFailure{errno, util::k_exit_cannot_execute};
    }
    pid_t pid = fork();
    if (pid < 0) {
        int error_number = errno;
        close(error_pipe[0]);
        close(error_pipe[1]);
        return SpawnFailure{error_number, util::k_exit_cannot_execute};
    }
    if (pid == 0) {
        close(error_pipe[0]);
        become_program(c_argv.data(), inherited, error_pipe[1]);
    }
    close(error_pipe[1]);
    // Also set the group from the parent, so signals to the group work as soon as we return.
    setpgid(pid, pid);
    int error_number = read_exec_error(error_pipe[0]);
    close(error_pipe[0]);
    if (error_number == 0) {
        return pid;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    bool not_found = error_number == ENOENT || error_number == ENOTDIR;
    return SpawnFailure{error_number,
                        not_found ? util::k_exit_not_found : util::k_exit_cannot_execute};
}

} // namespace supervisor
