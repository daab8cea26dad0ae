#pragma once

#include <csignal>

namespace supervisor {

// The signal state distcc-init started with, so children can get it back before exec.
struct InheritedSignals {
    sigset_t mask{};
    struct sigaction ttin_action {};
    struct sigaction ttou_action {};
};

// Saves the inherited state, blocks every asynchronous signal (they are read through a
// signalfd instead) and ignores SIGTTIN/SIGTTOU so PID 1 never stops on terminal access.
InheritedSignals take_over_signals();

// Puts the inherited mask and dispositions back. Async-signal-safe: for use between fork
// and exec.
void restore_inherited_signals(const InheritedSignals& inherited) noexcept;

// The set of signals distcc-init receives through its signalfd.
sigset_t supervised_signal_set();

} // namespace supervisor
