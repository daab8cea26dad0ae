#pragma once

#include <spdlog/common.h>
#include <string>

namespace app {

// Sends distcc-init's log lines to stderr, marked "[distcc-init]" to tell them from the
// child's output, at the given level.
void set_up_logging(spdlog::level::level_enum level);

// One error line on stderr: through the logger once it is set up, before that (a bad
// command line) as "distcc-init: error: MESSAGE".
void report_error(const std::string& message);

} // namespace app
