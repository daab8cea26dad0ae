#include "app/run_action.hpp"

#include "supervisor/inherited_signals.hpp"
#include "supervisor/supervise.hpp"

#include <spdlog/spdlog.h>

namespace app {

int run_action(const CommandLine& command_line, const Environment& /*environment*/) {
    // Signals are taken over first, so a SIGTERM during provisioning waits for the loop.
    auto inherited = supervisor::take_over_signals();
    supervisor::Programs programs{command_line.arguments, {}};
    return supervisor::supervise(command_line.supervision, programs, inherited);
}

} // namespace app
