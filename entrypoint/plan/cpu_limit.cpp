#include "entrypoint/plan/cpu_limit.hpp"

#include "util/number.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace entrypoint {

std::optional<double> parse_cpu_max(std::string_view content) {
    content = util::trim(content);
    auto space = content.find(' ');
    if (space == std::string_view::npos || content.substr(0, space) == "max") {
        return std::nullopt;
    }
    auto quota = util::parse_integer<long>(content.substr(0, space));
    auto period = util::parse_integer<long>(util::trim(content.substr(space + 1)));
    if (!quota || !period || *quota <= 0 || *period <= 0) {
        return std::nullopt;
    }
    return static_cast<double>(*quota) / static_cast<double>(*period);
}

std::optional<int> count_cpu_list(std::string_view content) {
    content = util::trim(content);
    if (content.empty()) {
        return std::nullopt;
    }
    std::int64_t count = 0; // an int could overflow on a damaged list such as "0-2147483647"
    for (auto range : util::split(content, ',')) {
        auto dash = range.find('-');
        auto first = util::parse_integer<int>(range.substr(0, dash));
        auto last = dash == std::string_view::npos
                        ? first
                        : util::parse_integer<int>(range.substr(dash + 1));
        if (!first || !last || *last < *first) {
            return std::nullopt;
        }
        count += std::int64_t{*last} - *first + 1;
        if (count > std::numeric_limits<int>::max()) {
            return std::nullopt;
        }
    }
    return static_cast<int>(count);
}

int usable_cpus(std::optional<double> quota, std::optional<int> cpuset, std::optional<int> affinity,
                int online) {
    int usable = std::max(online, 1);
    // Compared as doubles first: a quota of billions of CPUs does not fit in an int.
    if (quota && *quota < usable) {
        usable = static_cast<int>(std::ceil(std::max(*quota, 0.0) - 1e-9));
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
