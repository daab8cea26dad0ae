#include "supervisor/spawn.hpp"

#include "supervisor/settings.hpp"
#include "util/environment.hpp"
#include "util/exit_codes.hpp"

#include <cerrno>
#include <spawn.h>
#include <unistd.h>

extern char** environ;

namespace supervisor {
namespace {

// posix_spawn (glibc: clone with CLONE_VM | CLONE_VFORK) instead of fork: no copy of PID 1's
// page tables and no copy-on-write faults after it, which made up most of distcc-init's
// start-up cost, and the exec error still comes back synchronously, without a pipe.

// glibc's child ignores the signals glibc keeps for itself (32 and 33, below SIGRTMIN), so
// that its handlers cannot run there, and the program would inherit them ignored; in the
// default set they are reset instead. sigaddset refuses them: their bits are set directly
// (glibc's sigset_t is a bit array, signal N at bit N - 1).
void add_libc_internal_signals(sigset_t& set) {
    constexpr int k_bits_per_word = 8 * sizeof set.__val[0];
    for (int signal_number = __SIGRTMIN; signal_number < SIGRTMIN; ++signal_number) {
        int bit = signal_number - 1;
        set.__val[bit / k_bits_per_word] |= 1UL << (bit % k_bits_per_word);
    }
}

// The child's attributes: its own process group, the signal mask distcc-init inherited, and
// SIGTTIN/SIGTTOU back to default where they were (distcc-init ignores them). glibc resets
// every caught signal to default in the child and keeps ignored ones ignored.
class SpawnAttributes {
  public:
    explicit SpawnAttributes(const InheritedSignals& inherited) {
        posix_spawnattr_init(&m_attributes);
        posix_spawnattr_setflags(&m_attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                    POSIX_SPAWN_SETSIGDEF);
        posix_spawnattr_setpgroup(&m_attributes, 0);
        posix_spawnattr_setsigmask(&m_attributes, &inherited.mask);
        sigset_t to_default;
        sigemptyset(&to_default);
        if (inherited.ttin_action.sa_handler == SIG_DFL) {
            sigaddset(&to_default, SIGTTIN);
        }
        if (inherited.ttou_action.sa_handler == SIG_DFL) {
            sigaddset(&to_default, SIGTTOU);
        }
        add_libc_internal_signals(to_default);
        posix_spawnattr_setsigdefault(&m_attributes, &to_default);
    }
    ~SpawnAttributes() { posix_spawnattr_destroy(&m_attributes); }
    SpawnAttributes(const SpawnAttributes&) = delete;
    SpawnAttributes& operator=(const SpawnAttributes&) = delete;
    const posix_spawnattr_t* get() const { return &m_attributes; }

  private:
    posix_spawnattr_t m_attributes{};
};

// Only fds 0-2 stay open (and the log descriptor, when asked for); when stdin is our controlling
// terminal, the child's group becomes its foreground group (glibc blocks every signal meanwhile, so
// a background group may take it). A terminal that is not ours is left alone: tcsetpgrp on it would
// fail the spawn.
class SpawnFileActions {
  public:
    explicit SpawnFileActions(bool with_log_fd) {
        posix_spawn_file_actions_init(&m_actions);
        if (with_log_fd) {
            posix_spawn_file_actions_adddup2(&m_actions, STDERR_FILENO, k_log_fd);
        }
        posix_spawn_file_actions_addclosefrom_np(&m_actions,
                                                 with_log_fd ? k_log_fd + 1 : STDERR_FILENO + 1);
        if (tcgetpgrp(STDIN_FILENO) >= 0) {
            posix_spawn_file_actions_addtcsetpgrp_np(&m_actions, STDIN_FILENO);
        }
    }
    ~SpawnFileActions() { posix_spawn_file_actions_destroy(&m_actions); }
    SpawnFileActions(const SpawnFileActions&) = delete;
    SpawnFileActions& operator=(const SpawnFileActions&) = delete;
    const posix_spawn_file_actions_t* get() const { return &m_actions; }

  private:
    posix_spawn_file_actions_t m_actions{};
};

// A synchronous signal distcc-init inherited as ignored must stay ignored in the child, but
// distcc-init catches it, and glibc resets caught signals to default. While the child is
// made, such signals are ignored here too; a kill() of one of them in that instant is lost,
// as it would have been had distcc-init not been there.
class InheritedIgnoresRestored {
  public:
    explicit InheritedIgnoresRestored(const InheritedSignals& inherited) {
        for (std::size_t i = 0; i < k_synchronous_signals.size(); ++i) {
            if (inherited.synchronous_actions[i].sa_handler == SIG_IGN) {
                sigaction(k_synchronous_signals[i], &inherited.synchronous_actions[i], &m_ours[i]);
                m_swapped[i] = true;
            }
        }
    }
    ~InheritedIgnoresRestored() {
        for (std::size_t i = 0; i < k_synchronous_signals.size(); ++i) {
            if (m_swapped[i]) {
                sigaction(k_synchronous_signals[i], &m_ours[i], nullptr);
            }
        }
    }
    InheritedIgnoresRestored(const InheritedIgnoresRestored&) = delete;
    InheritedIgnoresRestored& operator=(const InheritedIgnoresRestored&) = delete;

  private:
    std::array<struct sigaction, k_synchronous_signals.size()> m_ours{};
    std::array<bool, k_synchronous_signals.size()> m_swapped{};
};

std::vector<char*> c_argv_of(const std::vector<std::string>& argv) {
    std::vector<char*> c_argv;
    c_argv.reserve(argv.size() + 1);
    for (const auto& word : argv) {
        c_argv.push_back(const_cast<char*>(word.c_str()));
    }
    c_argv.push_back(nullptr);
    return c_argv;
}

// execvp runs an executable file without a #! line through /bin/sh; posix_spawnp does not.
std::vector<std::string> through_shell(const std::vector<std::string>& argv) {
    std::string program = argv.front();
    if (program.find('/') == std::string::npos) {
        program = util::find_in_path(program, util::read_process_environment()).value_or(program);
    }
    std::vector<std::string> shell_argv{"/bin/sh", program};
    shell_argv.insert(shell_argv.end(), argv.begin() + 1, argv.end());
    return shell_argv;
}

int spawn(pid_t& pid, const std::vector<std::string>& argv, const InheritedSignals& inherited,
          bool with_log_fd) {
    SpawnAttributes attributes(inherited);
    SpawnFileActions actions(with_log_fd);
    InheritedIgnoresRestored ignores(inherited);
    auto c_argv = c_argv_of(argv);
    return posix_spawnp(&pid, c_argv.front(), actions.get(), attributes.get(), c_argv.data(),
                        environ);
}

} // namespace

std::variant<pid_t, SpawnFailure> spawn_program(const std::vector<std::string>& argv,
                                                const InheritedSignals& inherited,
                                                bool with_log_fd) {
    if (argv.empty()) {
        return SpawnFailure{ENOENT, util::k_exit_not_found};
    }
    pid_t pid = 0;
    int error_number = spawn(pid, argv, inherited, with_log_fd);
    if (error_number == ENOEXEC) {
        error_number = spawn(pid, through_shell(argv), inherited, with_log_fd);
    }
    if (error_number == 0) {
        return pid;
    }
    bool not_found = error_number == ENOENT || error_number == ENOTDIR;
    return SpawnFailure{error_number,
                        not_found ? util::k_exit_not_found : util::k_exit_cannot_execute};
}

} // namespace supervisor
