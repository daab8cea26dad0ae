#pragma once

#include "entrypoint/environment.hpp"
#include "entrypoint/mode.hpp"
#include "entrypoint/system_facts.hpp"

namespace entrypoint {

// Looks at the running system for what build_plan() needs. Reads only, never writes.
SystemFacts gather_facts(Mode mode, const Environment& environment);

// The first executable called `name` in the PATH of `environment`.
std::optional<std::string> find_in_path(const std::string& name, const Environment& environment);

} // namespace entrypoint
