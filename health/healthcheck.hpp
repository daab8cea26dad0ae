#pragma once

#include <chrono>

namespace health {

struct HealthcheckRequest {
    bool deep = false; // also compile through distccd
    std::chrono::milliseconds timeout{5000};
};

// Checks the worker started by PID 1 (found through its state file). Prints one line and
// returns 0 when healthy, 1 when not.
int run_healthcheck(const HealthcheckRequest& request);

} // namespace health
