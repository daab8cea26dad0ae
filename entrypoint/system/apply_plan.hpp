#pragma once

#include "entrypoint/plan/plan.hpp"
#include "supervisor/inherited_signals.hpp"

namespace entrypoint {

// Applies the plan's provisioning steps in order and sets its environment (variables set,
// distcc-init's own removed). Throws
// util::Refusal at the first step that fails, saying why.
void apply_plan(const Plan& plan, const supervisor::InheritedSignals& inherited);

} // namespace entrypoint
