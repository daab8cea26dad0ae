#pragma once

#include "entrypoint/environment.hpp"
#include "entrypoint/plan.hpp"
#include "entrypoint/system_facts.hpp"

#include <variant>
#include <vector>

namespace entrypoint {

// Turns mode, environment and arguments into what a start does, given what exists on the
// system. Pure: reads nothing, changes nothing; every bad input becomes a PlanError.
std::variant<Plan, PlanError> build_plan(Mode mode, const Environment& environment,
                                         const std::vector<std::string>& arguments,
                                         const SystemFacts& facts);

} // namespace entrypoint
