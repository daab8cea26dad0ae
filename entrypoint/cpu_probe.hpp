#pragma once

#include <optional>
#include <string>

namespace entrypoint {

// The CPU limits this process runs under, as far as they can be read.
struct CpuFacts {
    std::optional<double> quota; // cgroup v2 cpu.max, the strictest on the path to the root
    std::optional<int> cpuset;   // cpuset.cpus.effective
    std::optional<int> affinity; // sched_getaffinity
    int online = 1;              // sysconf(_SC_NPROCESSORS_ONLN)
    std::string source;          // which limits were found, for the log
};

// Reads /proc/self/cgroup, the cgroup v2 files and the affinity mask.
CpuFacts probe_cpus();

} // namespace entrypoint
