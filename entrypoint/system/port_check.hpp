#pragma once

#include "entrypoint/plan/plan.hpp"

namespace entrypoint {

// Binds each of the plan's ports_to_check for a moment; throws util::Refusal (exit 3) for
// the first one that cannot be had, naming its setting.
void check_ports_free(const Plan& plan);

} // namespace entrypoint
