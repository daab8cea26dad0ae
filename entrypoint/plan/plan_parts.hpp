#pragma once

// Internal to build_plan: the pieces each mode is made of. Each one fills part of a Plan or
// throws the util::Refusal that stops the start.

#include "entrypoint/plan/plan.hpp"
#include "entrypoint/plan/system_facts.hpp"
#include "util/environment.hpp"

namespace entrypoint {

// DISTCC_CCACHE_ENABLE: PATH, CCACHE_DIR, CCACHE_UMASK and the cache directory.
void add_ccache(Plan& plan, const util::Environment& environment, const SystemFacts& facts);

// CCACHE_REMOTE_STORAGE and DISTCC_CCACHE_REMOTE_PASSWORD_FILE: the password put into the URL
// (a secret in the plan); true when the storage is one the cache-watch companion can watch
// (call after add_ccache).
bool add_remote_cache(Plan& plan, const util::Environment& environment, const SystemFacts& facts);

// The cache-watch companion, last of the companions (the others' places are known: the ssh
// worker's loopback distccd is the first).
void add_cache_watch(Plan& plan, const SystemFacts& facts);

// distccd's compilers: the served names as links and DISTCC_CMDLIST (call after add_ccache).
void add_served_compilers(Plan& plan, const util::Environment& environment,
                          const SystemFacts& facts);

// The distcc user and group that distccd switches to when started as root.
void add_worker_account(Plan& plan, const SystemFacts& facts);

// Refuses a start without distccd.
void require_distccd(const SystemFacts& facts);

// distccd's argv with our defaults, a container-aware --jobs unless given, then `extra`.
std::vector<std::string> distccd_command(Plan& plan, const SystemFacts& facts,
                                         const std::vector<std::string>& defaults,
                                         const std::vector<std::string>& extra);

// DISTCC_METRICS_ENABLE, DISTCC_METRICS_PORT, DISTCC_METRICS_ADDRESS; nothing when off.
struct MetricsRequest {
    std::string address;
    std::uint16_t port = 0;
};
std::optional<MetricsRequest> read_metrics_request(const util::Environment& environment);

// The metrics companion and what it needs: distccd's statistics page (added to `distccd`
// unless its arguments ask for it already), the port check, for ssh the session counts.
// `taken_ports` are the worker's other ports, which the metrics port must not reuse.
void add_metrics(Plan& plan, const MetricsRequest& request, const SystemFacts& facts,
                 std::vector<std::string>& distccd, const std::vector<std::uint16_t>& taken_ports,
                 const std::string& ssh_user = "");

Plan build_tcp_plan(const util::Environment& environment, const std::vector<std::string>& arguments,
                    const SystemFacts& facts);

Plan build_ssh_plan(const util::Environment& environment, const std::vector<std::string>& arguments,
                    const SystemFacts& facts);

} // namespace entrypoint
