#pragma once

#include "entrypoint/plan.hpp"
#include "supervisor/inherited_signals.hpp"

#include <optional>

namespace entrypoint {

// Applies the plan's provisioning steps in order and sets its environment. Stops at the first
// step that fails and says why.
std::optional<PlanError> apply_plan(const Plan& plan,
                                    const supervisor::InheritedSignals& inherited);

} // namespace entrypoint
