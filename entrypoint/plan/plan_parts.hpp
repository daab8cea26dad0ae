#pragma once

// Internal to build_plan: the pieces each mode is made of. Each one fills part of a Plan or
// throws the util::Refusal that stops the start.

#include "entrypoint/plan/plan.hpp"
#include "entrypoint/plan/system_facts.hpp"
#include "util/environment.hpp"

namespace entrypoint {

// DISTCC_CCACHE_ENABLE: PATH, CCACHE_DIR, CCACHE_UMASK and the cache directory.
void add_ccache(Plan& plan, const util::Environment& environment, const SystemFacts& facts);

// The distcc user and group that distccd switches to when started as root.
void add_worker_account(Plan& plan, const SystemFacts& facts);

// Refuses a start without distccd.
void require_distccd(const SystemFacts& facts);

// distccd's argv with our defaults, a container-aware --jobs unless given, then `extra`.
std::vector<std::string> distccd_command(Plan& plan, const SystemFacts& facts,
                                         const std::vector<std::string>& defaults,
                                         const std::vector<std::string>& extra);

Plan build_tcp_plan(const util::Environment& environment, const std::vector<std::string>& arguments,
                    const SystemFacts& facts);

Plan build_ssh_plan(const util::Environment& environment, const std::vector<std::string>& arguments,
                    const SystemFacts& facts);

} // namespace entrypoint
