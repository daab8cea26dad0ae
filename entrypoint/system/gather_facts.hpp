#pragma once

#include "entrypoint/plan/mode.hpp"
#include "entrypoint/plan/system_facts.hpp"
#include "supervisor/inherited_signals.hpp"
#include "util/environment.hpp"

namespace entrypoint {

// Looks at the running system for what build_plan() needs. Reads only, never writes; runs
// the compilers in PATH once each to learn their versions and targets.
SystemFacts gather_facts(Mode mode, const util::Environment& environment,
                         const supervisor::InheritedSignals& inherited);

} // namespace entrypoint
