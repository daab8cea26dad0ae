#pragma once

// Internal to build_plan: the pieces each mode is made of. Each one fills part of a Plan or
// returns the PlanError that stops the start.

#include "entrypoint/environment.hpp"
#include "entrypoint/plan.hpp"
#include "entrypoint/system_facts.hpp"

namespace entrypoint {

inline const std::string k_worker_group = "distcc";
inline const std::string k_worker_user = "distcc";

// DISTCC_CCACHE_ENABLE: PATH, CCACHE_DIR, CCACHE_UMASK and the cache directory.
std::optional<PlanError> add_ccache(Plan& plan, const Environment& environment,
                                    const SystemFacts& facts);

// The distcc user and group that distccd switches to when started as root.
void add_worker_account(Plan& plan, const SystemFacts& facts);

// distccd's argv with our defaults, a container-aware --jobs unless given, then `extra`.
std::vector<std::string> distccd_command(Plan& plan, const SystemFacts& facts,
                                         const std::vector<std::string>& defaults,
                                         const std::vector<std::string>& extra);

std::variant<Plan, PlanError> build_tcp_plan(const Environment& environment,
                                             const std::vector<std::string>& arguments,
                                             const SystemFacts& facts);

std::variant<Plan, PlanError> build_ssh_plan(const Environment& environment,
                                             const std::vector<std::string>& arguments,
                                             const SystemFacts& facts);

} // namespace entrypoint
