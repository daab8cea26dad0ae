#pragma once

#include "supervisor/inherited_signals.hpp"

namespace supervisor {

// What a helper (run_helper) gets between fork and exec, as a supervised program gets it
// from spawn_program's spawn attributes: the signal state distcc-init inherited, and no open
// file beyond stdin, stdout and stderr. Async-signal-safe.
void prepare_child_for_exec(const InheritedSignals& inherited) noexcept;

} // namespace supervisor
