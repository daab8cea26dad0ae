#include "util/proc_stat.hpp"

#include "util/files.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

#include <string>

namespace util {

std::optional<ProcessEntry> parse_proc_stat(std::string_view content) {
    // Format: "PID (COMM) STATE PPID ...", where COMM is arbitrary: split at the last ')'.
    auto open = content.find(" (");
    auto close = content.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        return std::nullopt;
    }
    auto pid = parse_integer<pid_t>(content.substr(0, open));
    auto fields = split_words(content.substr(close + 1));
    if (!pid || fields.size() < 2 || fields[0].size() != 1) {
        return std::nullopt;
    }
    auto parent_pid = parse_integer<pid_t>(fields[1]);
    if (!parent_pid) {
        return std::nullopt;
    }
    ProcessEntry entry{*pid, *parent_pid, fields[0].front(),
                       std::string(content.substr(open + 2, close - open - 2))};
    // Fields after the command name count from 3 (state): start time is field 22.
    constexpr std::size_t k_start_time = 22 - 3;
    if (fields.size() > k_start_time) {
        entry.start_time = parse_integer<unsigned long long>(fields[k_start_time]).value_or(0);
    }
    return entry;
}

std::optional<ProcessEntry> read_proc_stat(std::string_view pid) {
    auto content = read_text_file("/proc/" + std::string(pid) + "/stat");
    return content ? parse_proc_stat(*content) : std::nullopt;
}

std::optional<uid_t> parse_status_uid(std::string_view content) {
    for (auto line : split(content, '\n')) {
        if (line.starts_with("Uid:")) {
            auto words = split_words(line.substr(4));
            return words.empty() ? std::nullopt : parse_integer<uid_t>(words.front());
        }
    }
    return std::nullopt;
}

std::optional<uid_t> read_process_uid(std::string_view pid) {
    auto content = read_text_file("/proc/" + std::string(pid) + "/status");
    return content ? parse_status_uid(*content) : std::nullopt;
}

} // namespace util
