#pragma once

#include "entrypoint/plan/plan.hpp"
#include "entrypoint/plan/system_facts.hpp"

namespace entrypoint {

// Refuses, before anything changes, a daemon start that lacks what the plan will need: as
// root, each capability its steps and programs use (dropped with docker run --cap-drop); in
// any case a writable temporary directory for distccd, and a state directory that is not on a
// read-only file system (docker run --read-only without tmpfs mounts). One line names what is
// missing and how to give it. `sshd_port` is set in ssh mode.
void check_privileges(const Plan& plan, const SystemFacts& facts,
                      std::optional<std::uint16_t> sshd_port);

} // namespace entrypoint
