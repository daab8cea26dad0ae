#include "client/host_line.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace client {
namespace {

bool has_option(const HostSpec& host, std::string_view option) {
    return std::ranges::find(host.options, option) != host.options.end();
}

// The worker's word as the line gives it: its own limit unless the pool wrote one, the
// options the settings add (pump mode needs lzo: distcc refuses ",cpp" alone).
HostSpec line_spec(const WorkerReport& report, const LineSettings& settings) {
    HostSpec host = report.host;
    if (!host.limit) {
        host.limit = report.job_limit;
    }
    bool cpp = settings.pump || has_option(host, "cpp");
    if ((settings.lzo || cpp) && !has_option(host, "lzo")) {
        host.options.emplace_back("lzo");
    }
    if (cpp && !has_option(host, "cpp")) {
        host.options.emplace_back("cpp");
    }
    return host;
}

int worker_cpus(std::optional<int> limit) {
    return std::max(1, limit.value_or(k_distcc_default_limit) - 2);
}

} // namespace

int automatic_localhost_slots(int client_cpus,
                              const std::vector<std::optional<int>>& worker_limits) {
    int farm = client_cpus;
    for (auto limit : worker_limits) {
        farm += worker_cpus(limit);
    }
    return client_cpus * 5 < farm ? 0 : client_cpus;
}

HostLine compose_host_line(const std::vector<WorkerReport>& reports, const LineSettings& settings) {
    std::vector<HostSpec> workers;
    for (const auto& report : reports) {
        if (report.up) {
            workers.push_back(line_spec(report, settings));
        }
    }
    std::ranges::stable_sort(workers, [](const HostSpec& a, const HostSpec& b) {
        return a.limit.value_or(0) > b.limit.value_or(0);
    });

    HostLine result;
    std::optional<HostSpec> localhost;
    if (settings.localhost_slots) {
        result.localhost_slots = *settings.localhost_slots;
        result.localhost_why = "as --localhost says";
    } else if (settings.localhost) {
        localhost = settings.localhost;
        result.localhost_slots = localhost->limit.value_or(k_distcc_default_localhost_limit);
        result.localhost_why = "as the pool's localhost word says";
    } else {
        std::vector<std::optional<int>> limits;
        for (const auto& worker : workers) {
            limits.push_back(worker.limit);
        }
        result.localhost_slots = automatic_localhost_slots(settings.client_cpus, limits);
        result.localhost_why =
            result.localhost_slots > 0
                ? fmt::format("one per CPU of this client ({})", settings.client_cpus)
                : fmt::format("none: this client's {} CPU(s) are less than a fifth of the "
                              "farm's, better left to preprocessing and sending",
                              settings.client_cpus);
    }
    if (!localhost && result.localhost_slots > 0) {
        localhost.emplace();
        localhost->localhost = true;
        localhost->limit = result.localhost_slots;
    }

    std::vector<std::string> specs;
    if (localhost && result.localhost_slots > 0) {
        specs.push_back(render_host_spec(*localhost));
        result.slots += result.localhost_slots;
    }
    for (const auto& worker : workers) {
        specs.push_back(render_host_spec(worker));
        result.slots += worker.limit.value_or(k_distcc_default_limit);
    }
    result.line = fmt::format("{}", fmt::join(specs, " "));
    return result;
}

} // namespace client
