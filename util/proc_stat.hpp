#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace util {

// One line of /proc/PID/stat, reduced to what distcc-init needs.
struct ProcessEntry {
    pid_t pid = 0;
    pid_t parent_pid = 0;
    char state = '?'; // 'Z' zombie, 'T' stopped, 't' traced
    std::string name; // the command name (comm), at most 15 bytes
    // When it started, in clock ticks after boot (field 22): with the PID, it names one
    // process for good; 0 when the line is cut short.
    unsigned long long start_time = 0;
};

// Parses the content of /proc/PID/stat (the command name may hold spaces and parentheses).
std::optional<ProcessEntry> parse_proc_stat(std::string_view content);

// Reads and parses /proc/PID/stat ("self" for this process); nothing when it is gone.
std::optional<ProcessEntry> read_proc_stat(std::string_view pid);

// The real user ID in the content of /proc/PID/status (its "Uid:" line).
std::optional<uid_t> parse_status_uid(std::string_view content);

// The real user ID of a process, from /proc/PID/status; nothing when it is gone.
std::optional<uid_t> read_process_uid(std::string_view pid);

} // namespace util
