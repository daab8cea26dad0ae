#pragma once

#include "entrypoint/plan/plan.hpp"
#include "entrypoint/plan/system_facts.hpp"
#include "util/environment.hpp"

#include <vector>

namespace entrypoint {

// Turns mode, environment and arguments into what a start does, given what exists on the
// system. Pure: reads nothing, changes nothing; every bad input throws util::Refusal.
Plan build_plan(Mode mode, const util::Environment& environment,
                const std::vector<std::string>& arguments, const SystemFacts& facts);

} // namespace entrypoint
