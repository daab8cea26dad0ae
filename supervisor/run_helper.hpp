#pragma once

#include "supervisor/inherited_signals.hpp"

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace supervisor {

// How a helper program (useradd, ssh-keygen, ...) ended.
struct HelperResult {
    int exit_code = -1; // -1 when it could not be started
    std::string output; // stdout and stderr together
};

// What a helper may do: as whom it runs (root's helpers that read what another user can write
// run as that user), and how long it may take (an alarm that survives exec and ends it; 0: no
// limit).
struct HelperLimits {
    std::optional<uid_t> uid;
    std::optional<gid_t> gid;
    unsigned seconds = 0;
};

// Runs a helper to completion (through Boost.Process, the one place that uses it) with the
// inherited signal state, stdin from /dev/null and its output captured. Only before supervision
// starts: it waits for its own child.
HelperResult run_helper(const std::vector<std::string>& argv,
                        const supervisor::InheritedSignals& inherited,
                        const HelperLimits& limits = {});

} // namespace supervisor
