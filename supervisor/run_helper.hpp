#pragma once

#include "supervisor/inherited_signals.hpp"

#include <string>
#include <vector>

namespace supervisor {

// How a helper program (useradd, ssh-keygen, ...) ended.
struct HelperResult {
    int exit_code = -1; // -1 when it could not be started
    std::string output; // stdout and stderr together
};

// Runs a helper to completion (through Boost.Process, the one place that uses it) with the
// inherited signal state, stdin from /dev/null and its output captured. Only before supervision
// starts: it waits for its own child.
HelperResult run_helper(const std::vector<std::string>& argv,
                        const supervisor::InheritedSignals& inherited);

} // namespace supervisor
