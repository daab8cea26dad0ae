#pragma once

#include "guard/arguments.hpp"
#include "guard/settings.hpp"

#include <string_view>

namespace guard {

// Says why a compile was refused: one line to the client (stderr, which distccd sends back),
// one line to the worker's log (the log descriptor distcc-init gave distccd), and one more in
// the refusals counts for the metrics, under the refusal's family.
void report_refusal(const Settings& settings, std::string_view compiler, const Refused& refused);

} // namespace guard
