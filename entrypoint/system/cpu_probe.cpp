#include "entrypoint/system/cpu_probe.hpp"

#include "entrypoint/plan/cpu_limit.hpp"
#include "util/files.hpp"

#include <fmt/format.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace entrypoint {
namespace {

// Where a cgroup hierarchy is mounted: cgroup v2 at the top, v1 controllers in their own
// directory (some systems name the cpu one "cpu,cpuacct").
struct Hierarchy {
    std::string mount;
    std::string path; // this process's cgroup below it
};

std::optional<Hierarchy> find_hierarchy(std::string_view proc_self_cgroup,
                                        std::string_view controller,
                                        std::initializer_list<const char*> mounts) {
    auto path = find_cgroup_path(proc_self_cgroup, controller);
    if (!path) {
        return std::nullopt;
    }
    for (const char* mount : mounts) {
        if (util::is_directory(mount)) {
            return Hierarchy{mount, *path};
        }
    }
    return std::nullopt;
}

// The strictest quota from our cgroup up to the hierarchy's root: a quota anywhere above us
// limits us too. In a container the hierarchy's root is often the container's own cgroup
// (its path from /proc/self/cgroup does not exist below the mount), which the walk reaches.
template <typename ReadQuota>
std::optional<double> strictest_quota(const Hierarchy& hierarchy, ReadQuota read_quota) {
    std::optional<double> strictest;
    for (std::string level = hierarchy.path;; level = level.substr(0, level.rfind('/'))) {
        if (auto quota = read_quota(hierarchy.mount + level)) {
            strictest = strictest ? std::min(*strictest, *quota) : *quota;
        }
        if (level.empty()) {
            return strictest;
        }
    }
}

std::optional<double> read_v2_quota(const std::string& directory) {
    auto limit = util::read_text_file(directory + "/cpu.max");
    return limit ? parse_cpu_max(*limit) : std::nullopt;
}

std::optional<double> read_v1_quota(const std::string& directory) {
    auto quota = util::read_text_file(directory + "/cpu.cfs_quota_us");
    auto period = util::read_text_file(directory + "/cpu.cfs_period_us");
    return quota && period ? parse_cfs_quota(*quota, *period) : std::nullopt;
}

// cpuset.cpus.effective (v2) or cpuset.effective_cpus (v1), from our cgroup up.
std::optional<int> read_cpuset(const Hierarchy& hierarchy, const std::string& file) {
    for (std::string level = hierarchy.path;; level = level.substr(0, level.rfind('/'))) {
        if (auto cpus = util::read_text_file(hierarchy.mount + level + "/" + file)) {
            return count_cpu_list(*cpus);
        }
        if (level.empty()) {
            return std::nullopt;
        }
    }
}

} // namespace

CpuFacts probe_cpus() {
    CpuFacts facts;
    facts.online = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    auto cgroups = util::read_text_file("/proc/self/cgroup").value_or("");
    std::vector<std::string> sources;
    // cgroup v1 (and hybrid systems) keep the cpu controller in its own hierarchy; with
    // cgroup v2 it is in the unified one.
    if (auto v1 =
            find_hierarchy(cgroups, "cpu", {"/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"})) {
        facts.quota = strictest_quota(*v1, read_v1_quota);
        if (facts.quota) {
            sources.push_back(fmt::format("cgroup v1 cpu quota {:.2f} CPUs", *facts.quota));
        }
    } else if (auto v2 = find_hierarchy(cgroups, "", {"/sys/fs/cgroup"})) {
        facts.quota = strictest_quota(*v2, read_v2_quota);
        if (facts.quota) {
            sources.push_back(fmt::format("cgroup cpu.max quota {:.2f} CPUs", *facts.quota));
        }
    }
    if (auto v1 = find_hierarchy(cgroups, "cpuset", {"/sys/fs/cgroup/cpuset"})) {
        facts.cpuset = read_cpuset(*v1, "cpuset.effective_cpus");
    } else if (auto v2 = find_hierarchy(cgroups, "", {"/sys/fs/cgroup"})) {
        facts.cpuset = read_cpuset(*v2, "cpuset.cpus.effective");
    }
    cpu_set_t mask;
    if (sched_getaffinity(0, sizeof mask, &mask) == 0) {
        facts.affinity = CPU_COUNT(&mask);
    }
    if (facts.cpuset) {
        sources.push_back(fmt::format("cpuset {} CPUs", *facts.cpuset));
    }
    if (facts.affinity) {
        sources.push_back(fmt::format("affinity {} CPUs", *facts.affinity));
    }
    facts.source = fmt::format("{}", fmt::join(sources, ", "));
    return facts;
}

} // namespace entrypoint
