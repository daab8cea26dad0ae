#pragma once

#include "entrypoint/plan/mode.hpp"
#include "entrypoint/plan/system_facts.hpp"
#include "supervisor/inherited_signals.hpp"
#include "util/environment.hpp"

namespace entrypoint {

// Looks at the running system for what build_plan() needs. Reads only, never writes. With
// `daemon` (the arguments are the daemon's, not a command to run instead) it also runs the
// compilers in PATH once each to learn their versions and targets: a command needs none of
// it, and `toolchains` run as the command asks them itself.
SystemFacts gather_facts(Mode mode, bool daemon, const util::Environment& environment,
                         const supervisor::InheritedSignals& inherited);

} // namespace entrypoint
