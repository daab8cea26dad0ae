#include "entrypoint/system/cpu_probe.hpp"

#include "entrypoint/plan/cpu_limit.hpp"
#include "util/files.hpp"

#include <fmt/format.h>
#include <sched.h>
#include <unistd.h>
#include <vector>

namespace entrypoint {
namespace {

// The cgroup v2 path of this process ("0::/path"), relative to /sys/fs/cgroup.
std::optional<std::string> own_cgroup_path() {
    auto content = util::read_text_file("/proc/self/cgroup");
    if (!content) {
        return std::nullopt;
    }
    auto start = content->find("0::");
    if (start == std::string::npos) {
        return std::nullopt;
    }
    auto end = content->find('\n', start);
    auto path = content->substr(start + 3, end == std::string::npos ? end : end - start - 3);
    return path == "/" ? std::string() : path;
}

} // namespace

CpuFacts probe_cpus() {
    CpuFacts facts;
    facts.online = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    std::vector<std::string> sources;
    if (auto path = own_cgroup_path()) {
        // A quota anywhere above us limits us too: walk up to the root.
        for (std::string level = *path;; level = level.substr(0, level.rfind('/'))) {
            auto limit = util::read_text_file("/sys/fs/cgroup" + level + "/cpu.max");
            if (auto quota = limit ? parse_cpu_max(*limit) : std::nullopt) {
                facts.quota = facts.quota ? std::min(*facts.quota, *quota) : *quota;
            }
            if (level.empty()) {
                break;
            }
        }
        auto cpus = util::read_text_file("/sys/fs/cgroup" + *path + "/cpuset.cpus.effective");
        facts.cpuset = cpus ? count_cpu_list(*cpus) : std::nullopt;
    }
    cpu_set_t mask;
    if (sched_getaffinity(0, sizeof mask, &mask) == 0) {
        facts.affinity = CPU_COUNT(&mask);
    }
    if (facts.quota) {
        sources.push_back(fmt::format("cgroup cpu.max quota {:.2f} CPUs", *facts.quota));
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
