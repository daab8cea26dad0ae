#pragma once

#include <spdlog/common.h>

namespace app {

// Sends distcc-init's log lines to stderr, marked "[distcc-init]" to tell them from the
// child's output, at the given level.
void set_up_logging(spdlog::level::level_enum level);

} // namespace app
