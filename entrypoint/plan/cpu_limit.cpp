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

std::optional<double> parse_cfs_quota(std::string_view quota, std::string_view period) {
    auto quota_us = util::parse_integer<long>(util::trim(quota));
    auto period_us = util::parse_integer<long>(util::trim(period));
    if (!quota_us || !period_us || *quota_us <= 0 || *period_us <= 0) {
        return std::nullopt;
    }
    return static_cast<double>(*quota_us) / static_cast<double>(*period_us);
}

std::optional<std::string> find_cgroup_path(std::string_view proc_self_cgroup,
                                            std::string_view controller) {
    for (auto line : util::split(proc_self_cgroup, '\n')) {
        // "ID:CONTROLLERS:PATH"; the path itself may hold colons.
        auto first = line.find(':');
        auto second = line.find(':', first == std::string_view::npos ? first : first + 1);
        if (first == std::string_view::npos || second == std::string_view::npos) {
            continue;
        }
        auto id = line.substr(0, first);
        auto controllers = util::split(line.substr(first + 1, second - first - 1), ',');
        bool wanted = controller.empty()
                          ? id == "0" && controllers == std::vector<std::string_view>{""}
                          : std::ranges::find(controllers, controller) != controllers.end();
        if (wanted) {
            auto path = line.substr(second + 1);
            return path == "/" ? std::string() : std::string(path);
        }
    }
    return std::nullopt;
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
