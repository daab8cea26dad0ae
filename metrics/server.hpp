#pragma once

#include "metrics/collect.hpp"

#include <cstdint>
#include <string>

namespace metrics {

// What `distcc-init metrics` serves, and where.
struct ServeOptions {
    std::string address = "0.0.0.0"; // numeric IPv4 or IPv6
    std::uint16_t port = 0;
    Sources sources;
};

// Serves GET /metrics (Prometheus text format) on the address until killed, one request at
// a time: a scrape costs one distccd statistics request and one `ccache --print-stats`, and
// nothing else. Returns only when it cannot listen, after one error line.
int serve_metrics(const ServeOptions& options);

} // namespace metrics
