// The metrics companion's parsers on any text: distccd's statistics page
// (metrics::parse_distccd_stats), `ccache --print-stats` and `ccache --get-config max_size`
// (parse_ccache_counters, parse_ccache_size) and a counts file such as the compiler guard's
// refusals (util::parse_counts). Whatever they read becomes well-formed exposition text.
#include "metrics/ccache_stats.hpp"
#include "metrics/distccd_stats.hpp"
#include "support/check.hpp"
#include "support/exposition_check.hpp"
#include "util/counts_file.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

using fuzz_support::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);

    auto page = metrics::parse_distccd_stats(text);
    auto families = metrics::distccd_families(page);

    metrics::CcacheStats ccache;
    ccache.counters = metrics::parse_ccache_counters(text).value_or(decltype(ccache.counters){});
    ccache.max_size_bytes = metrics::parse_ccache_size(text);
    if (ccache.max_size_bytes) {
        require(!std::isnan(*ccache.max_size_bytes) && *ccache.max_size_bytes >= 0,
                "a cache size is a number of bytes");
    }
    for (auto& family : metrics::ccache_families(ccache)) {
        families.push_back(std::move(family));
    }

    auto counts = util::parse_counts(text);
    require(counts.size() <= 64, "a counts file holds 64 names at most");
    for (const auto& [name, count] : counts) {
        require(!name.empty() && name.size() <= 32, "a count's name is short");
        require(std::isfinite(count) && count >= 0, "a count is a number, not below 0");
    }
    require(util::parse_counts(util::format_counts(counts)) == counts,
            "counts are written and read back the same");

    fuzz_support::check_exposition(families, metrics::render_exposition(families));
    return 0;
}
