#include "supervisor/inherited_signals.hpp"

#include <cerrno>
#include <unistd.h>

namespace supervisor {
namespace {

void on_synchronous_signal(int signal_number, siginfo_t* info, void* /*context*/) {
    bool sent_by_another_process = info->si_code <= 0 && info->si_pid != getpid();
    if (sent_by_another_process) {
        int saved_errno = errno;
        sigval value{};
        value.sival_int = signal_number;
        sigqueue(getpid(), requeue_signal(), value); // async-signal-safe
        errno = saved_errno;
        return;
    }
    // A real fault (or our own abort()): die of it as if no handler were there.
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void install_synchronous_handlers(InheritedSignals& inherited) {
    struct sigaction action {};
    action.sa_sigaction = on_synchronous_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < k_synchronous_signals.size(); ++i) {
        sigaction(k_synchronous_signals[i], &action, &inherited.synchronous_actions[i]);
    }
}

} // namespace

int requeued_synchronous_signal(int signal_number, int code, pid_t sender, int value) noexcept {
    bool ours = signal_number == requeue_signal() && code == SI_QUEUE && sender == getpid();
    return ours ? value : 0;
}

sigset_t supervised_signal_set() {
    sigset_t set;
    sigfillset(&set);
    for (int signal_number : k_synchronous_signals) {
        sigdelset(&set, signal_number);
    }
    return set;
}

InheritedSignals take_over_signals() {
    InheritedSignals inherited;
    sigset_t blocked = supervised_signal_set();
    sigprocmask(SIG_SETMASK, &blocked, &inherited.mask);

    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGTTIN, &ignore, &inherited.ttin_action);
    sigaction(SIGTTOU, &ignore, &inherited.ttou_action);
    install_synchronous_handlers(inherited);
    return inherited;
}

InheritedSignals capture_current_signals() {
    InheritedSignals current;
    sigprocmask(SIG_SETMASK, nullptr, &current.mask);
    sigaction(SIGTTIN, nullptr, &current.ttin_action);
    sigaction(SIGTTOU, nullptr, &current.ttou_action);
    for (std::size_t i = 0; i < k_synchronous_signals.size(); ++i) {
        sigaction(k_synchronous_signals[i], nullptr, &current.synchronous_actions[i]);
    }
    return current;
}

void restore_inherited_signals(const InheritedSignals& inherited) noexcept {
    for (std::size_t i = 0; i < k_synchronous_signals.size(); ++i) {
        sigaction(k_synchronous_signals[i], &inherited.synchronous_actions[i], nullptr);
    }
    sigaction(SIGTTIN, &inherited.ttin_action, nullptr);
    sigaction(SIGTTOU, &inherited.ttou_action, nullptr);
    sigprocmask(SIG_SETMASK, &inherited.mask, nullptr);
}

} // namespace supervisor
