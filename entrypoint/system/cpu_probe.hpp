#pragma once

#include "entrypoint/plan/system_facts.hpp"

namespace entrypoint {

// Reads /proc/self/cgroup, the cgroup v2 files and the affinity mask.
CpuFacts probe_cpus();

} // namespace entrypoint
