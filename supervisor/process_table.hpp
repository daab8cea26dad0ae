#pragma once

#include <optional>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace supervisor {

// One line of /proc/PID/stat, reduced to what the supervisor needs.
struct ProcessEntry {
    pid_t pid = 0;
    pid_t parent_pid = 0;
    char state = '?'; // 'Z' for a zombie
};

// Parses the content of /proc/PID/stat (the command name may hold spaces and parentheses).
std::optional<ProcessEntry> parse_proc_stat(std::string_view content);

// Every process below `root` in the parent tree, not `root` itself.
std::vector<pid_t> descendants_of(pid_t root, const std::vector<ProcessEntry>& table);

// Reads every process from /proc; empty when /proc cannot be read.
std::vector<ProcessEntry> read_process_table();

// True when /proc shows this process's own PID namespace (it may be a parent's /proc).
bool proc_shows_own_pid_namespace();

} // namespace supervisor
