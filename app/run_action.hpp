#pragma once

#include "app/command_line.hpp"

namespace app {

constexpr int k_exit_usage = 2; // the command line or an option's env value is wrong

// Carries out a parsed command line (run, healthcheck or relay); returns the exit code.
int run_action(const CommandLine& command_line, const Environment& environment);

} // namespace app
