#include "entrypoint/cpu_limit.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace entrypoint {
namespace {

std::string_view trim(std::string_view text) {
    auto start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) {
        return {};
    }
    auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(start, end - start + 1);
}

template <typename Number> std::optional<Number> parse_number(std::string_view text) {
    Number value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::optional<double> parse_cpu_max(std::string_view content) {
    content = trim(content);
    auto space = content.find(' ');
    if (space == std::string_view::npos || content.substr(0, space) == "max") {
        return std::nullopt;
    }
    auto quota = parse_number<long>(content.substr(0, space));
    auto period = parse_number<long>(trim(content.substr(space + 1)));
    if (!quota || !period || *quota <= 0 || *period <= 0) {
        return std::nullopt;
    }
    return static_cast<double>(*quota) / static_cast<double>(*period);
}

std::optional<int> count_cpu_list(std::string_view content) {
    content = trim(content);
    if (content.empty()) {
        return std::nullopt;
    }
    int count = 0;
    while (!content.empty()) {
        auto comma = content.find(',');
        auto range = content.substr(0, comma);
        content = comma == std::string_view::npos ? std::string_view{} : content.substr(comma + 1);
        auto dash = range.find('-');
        auto first = parse_number<int>(range.substr(0, dash));
        auto last =
            dash == std::string_view::npos ? first : parse_number<int>(range.substr(dash + 1));
        if (!first || !last || *last < *first) {
            return std::nullopt;
        }
        count += *last - *first + 1;
    }
    return count;
}

int usable_cpus(std::optional<double> quota, std::optional<int> cpuset, std::optional<int> affinity,
                int online) {
    int usable = std::max(online, 1);
    if (quota) {
        usable = std::min(usable, static_cast<int>(std::ceil(*quota - 1e-9)));
    }
    if (cpuset) {
        usable = std::min(usable, *cpuset);
    }
    if (affinity) {
        usable = std::min(usable, *affinity);
    }
    return std::max(usable, 1);
}

int distccd_job_count(int usable) {
    return usable + 2;
}

} // namespace entrypoint
