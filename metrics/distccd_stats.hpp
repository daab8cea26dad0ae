#pragma once

#include "metrics/exposition.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace metrics {

// The "name value" lines of distccd's statistics page (--stats), between <distccstats> and
// </distccstats>; nothing when the text is not such a page.
std::optional<std::map<std::string, std::string>> parse_distccd_stats(std::string_view page);

// distccd's counters and gauges as metric families. `stats` is nothing when the page could
// not be read: then only distcc_stats_up 0 is reported.
std::vector<Family>
distccd_families(const std::optional<std::map<std::string, std::string>>& stats);

} // namespace metrics
