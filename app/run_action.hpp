#pragma once

#include "app/command_line.hpp"
#include "supervisor/supervise.hpp"

#include <variant>

namespace app {

// What an action leaves to do: nothing but exit with this code, or programs to supervise.
using ActionOutcome = std::variant<int, supervisor::Job>;

// Carries out a parsed command line: a subcommand runs to its end; a start is planned and
// applied, and its programs are returned for main() to supervise once the rest is freed.
ActionOutcome run_action(const CommandLine& command_line, const util::Environment& environment);

} // namespace app
