#pragma once

#include <optional>
#include <string_view>

namespace entrypoint {

// The CPU quota in cgroup v2's cpu.max ("150000 100000" -> 1.5); nothing for "max".
std::optional<double> parse_cpu_max(std::string_view content);

// The number of CPUs in a list such as "0-3,8,10-11" (cpuset.cpus.effective).
std::optional<int> count_cpu_list(std::string_view content);

// The CPUs a container may really use: the smallest known limit, a quota rounded up, >= 1.
int usable_cpus(std::optional<double> quota, std::optional<int> cpuset, std::optional<int> affinity,
                int online);

// distccd's own rule for its default --jobs: CPUs + 2.
int distccd_job_count(int usable);

} // namespace entrypoint
