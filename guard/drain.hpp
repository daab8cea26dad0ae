#pragma once

#include "guard/settings.hpp"

namespace guard {

// Whether the worker is stopping: PID 1 created the drain file on SIGTERM.
bool worker_is_draining(const Settings& settings);

// Hands the job back to its client: ends the distccd child serving the connection (our
// parent), so that the client sees the connection drop without a result and, as distcc does
// when it cannot talk to a host, sends the job to another one. A failure status instead would
// count as the compile's own error, which a client without fallback reports as such. False
// when the parent is not distccd (the guard was run by hand): then nothing is ended.
bool hand_job_back();

} // namespace guard
