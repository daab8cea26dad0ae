#include "metrics/distccd_stats.hpp"

#include "util/number.hpp"
#include "util/text.hpp"

#include <array>

namespace metrics {
namespace {

// distccd's job outcomes: its statistics name and our label value.
struct Outcome {
    std::string_view stat;
    std::string_view label;
};

constexpr std::array k_outcomes{
    Outcome{"dcc_compile_ok", "ok"},
    Outcome{"dcc_compile_error", "compile_error"},
    Outcome{"dcc_compile_timeout", "timeout"},
    Outcome{"dcc_rej_overload", "rejected_overload"},
    Outcome{"dcc_rej_bad_req", "bad_request"},
    Outcome{"dcc_cli_disconnect", "client_disconnect"},
    Outcome{"dcc_other", "other"},
};

// A numeric statistic; nothing when absent or not a number ("none", "-1" for "never").
std::optional<double> number(const std::map<std::string, std::string>& stats,
                             const std::string& name) {
    auto found = stats.find(name);
    if (found == stats.end()) {
        return std::nullopt;
    }
    auto words = util::split_words(found->second);
    return words.empty() ? std::nullopt : util::parse_decimal(words.front());
}

void add_gauge(std::vector<Family>& families, const std::map<std::string, std::string>& stats,
               const std::string& stat, std::string name, std::string help, double scale = 1) {
    auto value = number(stats, stat);
    if (value && *value >= 0) {
        families.push_back(single(std::move(name), std::move(help), "gauge", *value * scale));
    }
}

} // namespace

std::optional<std::map<std::string, std::string>> parse_distccd_stats(std::string_view page) {
    auto begin = page.find("<distccstats>");
    auto end = page.find("</distccstats>");
    if (begin == std::string_view::npos || end == std::string_view::npos || end < begin) {
        return std::nullopt;
    }
    std::map<std::string, std::string> stats;
    for (auto line : util::split(page.substr(begin, end - begin), '\n')) {
        line = util::trim(line);
        auto space = line.find(' ');
        if (space != std::string_view::npos) {
            stats.emplace(line.substr(0, space), util::trim(line.substr(space + 1)));
        }
    }
    return stats;
}

std::vector<Family>
distccd_families(const std::optional<std::map<std::string, std::string>>& stats) {
    std::vector<Family> families{single("distcc_stats_up",
                                        "1 when distccd's statistics page answered this scrape",
                                        "gauge", stats ? 1 : 0)};
    if (!stats) {
        return families;
    }
    Family jobs{"distcc_jobs_total", "Jobs distccd finished, by outcome", "counter", {}};
    for (const auto& outcome : k_outcomes) {
        if (auto value = number(*stats, std::string(outcome.stat))) {
            jobs.samples.push_back({{{"outcome", std::string(outcome.label)}}, *value});
        }
    }
    families.push_back(std::move(jobs));
    if (auto accepted = number(*stats, "dcc_tcp_accept")) {
        families.push_back(single("distcc_connections_accepted_total",
                                  "TCP connections distccd accepted", "counter", *accepted));
    }
    add_gauge(families, *stats, "dcc_max_kids", "distcc_job_limit",
              "Jobs distccd runs at once at most (--jobs)");
    add_gauge(families, *stats, "dcc_longest_job_time_msecs", "distcc_longest_job_seconds",
              "Duration of the longest job since distccd started", 0.001);
    Family load{
        "distcc_load_average", "The worker's load average, as distccd reports it", "gauge", {}};
    for (auto [stat, period] : {std::pair{"dcc_load1", "1m"}, std::pair{"dcc_load2", "5m"},
                                std::pair{"dcc_load3", "15m"}}) {
        if (auto value = number(*stats, stat)) {
            load.samples.push_back({{{"period", period}}, *value});
        }
    }
    families.push_back(std::move(load));
    return families;
}

} // namespace metrics
