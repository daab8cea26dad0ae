#pragma once

#include "util/proc_stat.hpp"

#include <sys/types.h>
#include <vector>

namespace supervisor {

// Every process below `root` in the parent tree, not `root` itself.
std::vector<pid_t> descendants_of(pid_t root, const std::vector<util::ProcessEntry>& table);

// Live processes (not zombies) whose parent is a child of one of `roots`: the work those
// children run (distccd's compilers, below its preforked children).
int count_grandchildren(const std::vector<pid_t>& roots,
                        const std::vector<util::ProcessEntry>& table);

// Reads every process from /proc; empty when /proc cannot be read.
std::vector<util::ProcessEntry> read_process_table();

// True when /proc shows this process's own PID namespace (it may be a parent's /proc).
bool proc_shows_own_pid_namespace();

} // namespace supervisor
