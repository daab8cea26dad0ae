#pragma once

#include "app/command_line.hpp"

namespace app {

// Carries out a parsed command line (run, healthcheck or relay); returns the exit code.
int run_action(const CommandLine& command_line, const util::Environment& environment);

} // namespace app
