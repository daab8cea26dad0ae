#include "supervisor/inherited_signals.hpp"

#include <array>

namespace supervisor {
namespace {

// Synchronous signals stay unblocked: blocking them would hide a crash of distcc-init itself.
constexpr std::array k_synchronous_signals{SIGSEGV, SIGBUS,  SIGILL, SIGFPE,
                                           SIGABRT, SIGTRAP, SIGSYS};

} // namespace

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
    return inherited;
}

void restore_inherited_signals(const InheritedSignals& inherited) noexcept {
    sigaction(SIGTTIN, &inherited.ttin_action, nullptr);
    sigaction(SIGTTOU, &inherited.ttou_action, nullptr);
    sigprocmask(SIG_SETMASK, &inherited.mask, nullptr);
}

} // namespace supervisor
