#pragma once

#include "entrypoint/plan/mode.hpp"
#include "entrypoint/plan/system_facts.hpp"
#include "util/environment.hpp"

namespace entrypoint {

// Looks at the running system for what build_plan() needs. Reads only, never writes.
SystemFacts gather_facts(Mode mode, const util::Environment& environment);

} // namespace entrypoint
