#include "metrics/ccache_stats.hpp"

#include "util/number.hpp"
#include "util/text.hpp"

#include <array>

namespace metrics {
namespace {

std::optional<double> counter(const CcacheStats& stats, const std::string& name) {
    auto found = stats.counters.find(name);
    return found == stats.counters.end() ? std::nullopt : std::optional(found->second);
}

// The shared cache (remote_storage, ccache 4.4+): lookups answered, not answered, and failed.
// ccache counts per compilation, as it counts local hits; an older ccache has no such lines.
std::vector<Family> remote_storage_families(const CcacheStats& stats) {
    std::vector<Family> families;
    if (auto hits = counter(stats, "remote_storage_hit")) {
        families.push_back(single("ccache_remote_hits_total",
                                  "Compilations answered from the remote (shared) cache", "counter",
                                  *hits));
    }
    if (auto misses = counter(stats, "remote_storage_miss")) {
        families.push_back(single("ccache_remote_misses_total",
                                  "Remote cache lookups that found nothing", "counter", *misses));
    }
    Family errors{"ccache_remote_errors_total",
                  "Remote cache operations that failed (the compile went on without it), by how",
                  "counter",
                  {}};
    for (auto [stat, kind] : {std::pair{"remote_storage_error", "error"},
                              std::pair{"remote_storage_timeout", "timeout"}}) {
        if (auto value = counter(stats, stat)) {
            errors.samples.push_back({{{"kind", kind}}, *value});
        }
    }
    if (!errors.samples.empty()) {
        families.push_back(std::move(errors));
    }
    return families;
}

} // namespace

std::optional<std::map<std::string, double>> parse_ccache_counters(std::string_view text) {
    std::map<std::string, double> counters;
    for (auto line : util::split(text, '\n')) {
        auto tab = line.find('\t');
        if (tab == std::string_view::npos) {
            continue;
        }
        if (auto value = util::parse_decimal(util::trim(line.substr(tab + 1)))) {
            counters.emplace(line.substr(0, tab), *value);
        }
    }
    return counters.empty() ? std::nullopt : std::optional(counters);
}

std::optional<double> parse_ccache_size(std::string_view text) {
    struct Suffix {
        std::string_view text;
        double factor;
    };
    static constexpr std::array k_suffixes{
        Suffix{"Ki", 1024.0},
        Suffix{"Mi", 1024.0 * 1024},
        Suffix{"Gi", 1024.0 * 1024 * 1024},
        Suffix{"Ti", 1024.0 * 1024 * 1024 * 1024},
        Suffix{"k", 1e3},
        Suffix{"K", 1e3},
        Suffix{"M", 1e6},
        Suffix{"G", 1e9},
        Suffix{"T", 1e12},
    };
    text = util::trim(text);
    if (text.ends_with('B')) {
        text.remove_suffix(1); // "5.0 GB" in some versions
    }
    double factor = 1e9; // ccache's default unit is G
    for (const auto& suffix : k_suffixes) {
        if (text.ends_with(suffix.text)) {
            factor = suffix.factor;
            text = util::trim(text.substr(0, text.size() - suffix.text.size()));
            break;
        }
    }
    auto number = util::parse_decimal(text);
    if (!number || *number < 0) {
        return std::nullopt;
    }
    return *number * factor;
}

std::vector<Family> ccache_families(const std::optional<CcacheStats>& stats) {
    std::vector<Family> families{single("ccache_stats_up",
                                        "1 when ccache answered this scrape with its statistics",
                                        "gauge", stats ? 1 : 0)};
    if (!stats) {
        return families;
    }
    Family hits{
        "ccache_hits_total", "Compilations ccache answered from the cache, by how", "counter", {}};
    for (auto [stat, kind] : {std::pair{"direct_cache_hit", "direct"},
                              std::pair{"preprocessed_cache_hit", "preprocessed"}}) {
        if (auto value = counter(*stats, stat)) {
            hits.samples.push_back({{{"kind", kind}}, *value});
        }
    }
    families.push_back(std::move(hits));
    if (auto misses = counter(*stats, "cache_miss")) {
        families.push_back(single("ccache_misses_total",
                                  "Compilations ccache had to run and then stored", "counter",
                                  *misses));
    }
    if (auto size = counter(*stats, "cache_size_kibibyte")) {
        families.push_back(
            single("ccache_cache_size_bytes", "Size of the cache", "gauge", *size * 1024));
    }
    if (stats->max_size_bytes) {
        families.push_back(single("ccache_cache_size_limit_bytes",
                                  "ccache's max_size (0: no limit)", "gauge",
                                  *stats->max_size_bytes));
    }
    if (auto files = counter(*stats, "files_in_cache")) {
        families.push_back(single("ccache_cache_files", "Files in the cache", "gauge", *files));
    }
    for (auto& family : remote_storage_families(*stats)) {
        families.push_back(std::move(family));
    }
    return families;
}

} // namespace metrics
