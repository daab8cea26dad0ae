#pragma once

#include "supervisor/inherited_signals.hpp"

namespace supervisor {

// What every child distcc-init starts gets between fork and exec, whether a supervised
// program (spawn_program) or a helper (run_helper): the signal state distcc-init inherited,
// and no open file beyond stdin, stdout and stderr. Async-signal-safe.
void prepare_child_for_exec(const InheritedSignals& inherited) noexcept;

} // namespace supervisor
