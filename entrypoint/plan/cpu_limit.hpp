#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace entrypoint {

// The CPU quota in cgroup v2's cpu.max ("150000 100000" -> 1.5); nothing for "max".
std::optional<double> parse_cpu_max(std::string_view content);

// The CPU quota in cgroup v1's cpu.cfs_quota_us and cpu.cfs_period_us ("50000" and "100000"
// -> 0.5); nothing for -1 (no quota).
std::optional<double> parse_cfs_quota(std::string_view quota, std::string_view period);

// This process's cgroup path in /proc/self/cgroup's content: for the cgroup v1 hierarchy
// that holds `controller` ("cpu", "cpuset"), or with an empty controller for the v2 one
// ("0::/path"). The root "/" is returned as "". Nothing when there is no such hierarchy.
std::optional<std::string> find_cgroup_path(std::string_view proc_self_cgroup,
                                            std::string_view controller);

// The number of CPUs in a list such as "0-3,8,10-11" (cpuset.cpus.effective).
std::optional<int> count_cpu_list(std::string_view content);

// The CPUs a container may really use: the smallest known limit, a quota rounded up, >= 1.
int usable_cpus(std::optional<double> quota, std::optional<int> cpuset, std::optional<int> affinity,
                int online);

// distccd's own rule for its default --jobs: CPUs + 2.
int distccd_job_count(int usable);

} // namespace entrypoint
