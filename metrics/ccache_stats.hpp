#pragma once

#include "metrics/exposition.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace metrics {

// What `ccache --print-stats` and `ccache --get-config max_size` say.
struct CcacheStats {
    std::map<std::string, double> counters; // "name<TAB>value" lines
    std::optional<double> max_size_bytes;   // nothing when unknown; 0 means no limit
};

// The "name<TAB>value" lines of `ccache --print-stats`; nothing when there are none.
std::optional<std::map<std::string, double>> parse_ccache_counters(std::string_view text);

// A ccache size such as "5.0G", "500M", "1Ti" or "0" in bytes (decimal k/M/G/T, binary
// Ki/Mi/Gi/Ti, as ccache reads them).
std::optional<double> parse_ccache_size(std::string_view text);

// ccache's hits, misses, size and limit as metric families; `stats` is nothing when ccache
// could not be asked: then only ccache_stats_up 0 is reported.
std::vector<Family> ccache_families(const std::optional<CcacheStats>& stats);

} // namespace metrics
