#include "supervisor/process_table.hpp"

#include <charconv>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace supervisor {
namespace {

std::optional<pid_t> parse_pid(std::string_view text) {
    pid_t value = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

// POSIX reads rather than iostreams: this runs in PID 1, which should stay small.
std::string read_small_file(const std::string& path) {
    std::string content;
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return content;
    }
    char buffer[4096];
    ssize_t count = 0;
    while ((count = read(fd, buffer, sizeof buffer)) > 0) {
        content.append(buffer, static_cast<std::size_t>(count));
    }
    close(fd);
    return content;
}

std::string_view next_word(std::string_view& text) {
    auto start = text.find_first_not_of(' ');
    if (start == std::string_view::npos) {
        text = {};
        return {};
    }
    auto end = text.find(' ', start);
    auto word = text.substr(start, end == std::string_view::npos ? text.npos : end - start);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    return word;
}

} // namespace

std::optional<ProcessEntry> parse_proc_stat(std::string_view content) {
    // Format: "PID (COMM) STATE PPID ...", where COMM is arbitrary: split at the last ')'.
    auto open = content.find(" (");
    auto close = content.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        return std::nullopt;
    }
    auto pid = parse_pid(content.substr(0, open));
    auto rest = content.substr(close + 1);
    auto state = next_word(rest);
    auto parent_pid = parse_pid(next_word(rest));
    if (!pid || state.size() != 1 || !parent_pid) {
        return std::nullopt;
    }
    return ProcessEntry{*pid, *parent_pid, state.front()};
}

std::vector<pid_t> descendants_of(pid_t root, const std::vector<ProcessEntry>& table) {
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

std::vector<ProcessEntry> read_process_table() {
    std::vector<ProcessEntry> table;
    DIR* proc = opendir("/proc");
    if (proc == nullptr) {
        return table;
    }
    while (const dirent* item = readdir(proc)) {
        if (!parse_pid(item->d_name)) {
            continue;
        }
        auto content = read_small_file(std::string("/proc/") + item->d_name + "/stat");
        if (auto entry = parse_proc_stat(content)) {
            table.push_back(*entry);
        }
    }
    closedir(proc);
    return table;
}

bool proc_shows_own_pid_namespace() {
    auto entry = parse_proc_stat(read_small_file("/proc/self/stat"));
    return entry && entry->pid == getpid();
}

} // namespace supervisor
