#pragma once

#include <array>
#include <csignal>
#include <sys/types.h>

namespace supervisor {

// Signals that the kernel raises for faults; they cannot be blocked and read from a signalfd
// without hiding a crash of distcc-init itself.
constexpr std::array k_synchronous_signals{SIGSEGV, SIGBUS,  SIGILL, SIGFPE,
                                           SIGABRT, SIGTRAP, SIGSYS};

// The signal state distcc-init started with, so children can get it back before exec.
struct InheritedSignals {
    sigset_t mask{};
    struct sigaction ttin_action {};
    struct sigaction ttou_action {};
    std::array<struct sigaction, k_synchronous_signals.size()> synchronous_actions{};
};

// A synchronous signal sent by another process is queued to ourselves as this blocked
// signal, with the original number as its value, so the signalfd is the only source to read.
inline int requeue_signal() {
    return SIGRTMAX;
}

// The synchronous signal carried by a signalfd record, if it is one of our re-queued ones.
int requeued_synchronous_signal(int signal_number, int code, pid_t sender, int value) noexcept;

// Saves the inherited state, blocks every asynchronous signal (they are read through a
// signalfd instead), ignores SIGTTIN/SIGTTOU so PID 1 never stops on terminal access, and
// catches synchronous signals: sent by kill() they are re-queued for forwarding (see
// requeue_signal), raised by a fault they kill distcc-init as before.
InheritedSignals take_over_signals();

// The current signal state, unchanged: for processes that never take over signals (the
// healthcheck), so that helpers they run get the same state.
InheritedSignals capture_current_signals();

// Puts the inherited mask and dispositions back. Async-signal-safe: for use between fork
// and exec.
void restore_inherited_signals(const InheritedSignals& inherited) noexcept;

// The set of signals distcc-init receives through its signalfd.
sigset_t supervised_signal_set();

} // namespace supervisor
