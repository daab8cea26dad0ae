#include "supervisor/process_table.hpp"

#include "util/number.hpp"

#include <algorithm>
#include <dirent.h>
#include <set>
#include <unistd.h>

namespace supervisor {

std::vector<pid_t> descendants_of(pid_t root, const std::vector<util::ProcessEntry>& table) {
    std::vector<pid_t> found;
    std::vector<pid_t> frontier{root};
    while (!frontier.empty()) {
        pid_t parent = frontier.back();
        frontier.pop_back();
        for (const auto& entry : table) {
            if (entry.parent_pid == parent && entry.pid != root) {
                found.push_back(entry.pid);
                frontier.push_back(entry.pid);
            }
        }
    }
    return found;
}

int count_grandchildren(const std::vector<pid_t>& roots,
                        const std::vector<util::ProcessEntry>& table) {
    std::set<pid_t> children;
    for (const auto& entry : table) {
        if (std::ranges::find(roots, entry.parent_pid) != roots.end()) {
            children.insert(entry.pid);
        }
    }
    return static_cast<int>(std::ranges::count_if(table, [&](const auto& entry) {
        return entry.state != 'Z' && children.contains(entry.parent_pid);
    }));
}

std::vector<util::ProcessEntry> read_process_table() {
    std::vector<util::ProcessEntry> table;
    DIR* proc = opendir("/proc");
    if (proc == nullptr) {
        return table;
    }
    while (const dirent* item = readdir(proc)) {
        if (!util::parse_integer<pid_t>(item->d_name)) {
            continue;
        }
        if (auto entry = util::read_proc_stat(item->d_name)) {
            table.push_back(*entry);
        }
    }
    closedir(proc);
    return table;
}

bool proc_shows_own_pid_namespace() {
    auto entry = util::read_proc_stat("self");
    return entry && entry->pid == getpid();
}

} // namespace supervisor
