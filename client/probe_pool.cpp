#include "client/probe_pool.hpp"

#include "metrics/distccd_stats.hpp"
#include "supervisor/run_helper.hpp"
#include "util/number.hpp"
#include "util/socket_address.hpp"
#include "util/tcp_probe.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace client {
namespace {

using Clock = std::chrono::steady_clock;

std::optional<int> limit_from_stats(const std::string& address, std::uint16_t port,
                                    Clock::time_point deadline) {
    auto page = util::http_get(address, port, deadline);
    auto stats = page ? metrics::parse_distccd_stats(page.text) : std::nullopt;
    if (!stats || !stats->contains("dcc_max_kids")) {
        return std::nullopt;
    }
    return util::parse_integer<int>(stats->at("dcc_max_kids"));
}

std::optional<int> limit_from_metrics(const std::string& address, const PoolSettings& settings,
                                      Clock::time_point deadline) {
    auto page = util::http_get(address, settings.metrics_port, deadline, "/metrics");
    auto limit = page ? find_sample(page.text, "distcc_job_limit") : std::nullopt;
    return limit ? std::optional(static_cast<int>(*limit)) : std::nullopt;
}

WorkerReport probe_worker(const PoolWorker& worker, const PoolSettings& settings,
                          std::chrono::milliseconds timeout) {
    const auto& host = worker.host;
    const auto& address = worker.address;
    WorkerReport report{host, address, false, std::nullopt, ""};
    auto deadline = Clock::now() + timeout;
    std::string error;
    if (host.ssh) {
        auto banner = util::read_banner(address, settings.ssh_port, deadline);
        report.up = banner && banner.text.starts_with("SSH-");
        error = banner ? "no SSH banner" : banner.error;
    } else {
        report.up = util::can_connect(address, *host.port, deadline, error);
    }
    if (!report.up) {
        report.how = fmt::format("down ({})", error);
        return report;
    }
    // An SSH worker's distccd listens on its loopback only: ask its metrics endpoint.
    if (!host.ssh) {
        auto stats_port = settings.stats_port.value_or(static_cast<std::uint16_t>(*host.port + 1));
        report.job_limit = limit_from_stats(address, stats_port, deadline);
        report.how = "job limit from distccd's statistics page";
    }
    if (!report.job_limit) {
        report.job_limit = limit_from_metrics(address, settings, deadline);
        report.how = "job limit from the metrics endpoint";
    }
    if (!report.job_limit) {
        report.how = "up, job limit unknown (turn on DISTCC_METRICS_ENABLE or --stats on the "
                     "worker); listed without one";
    }
    return report;
}

} // namespace

std::vector<std::string> resolve_pool(const std::vector<std::string>& members,
                                      std::vector<std::string>& unresolved) {
    std::vector<std::string> addresses;
    auto add = [&](const std::string& address) {
        if (std::ranges::find(addresses, address) == addresses.end()) {
            addresses.push_back(address);
        }
    };
    for (const auto& member : members) {
        if (util::parse_socket_address(member, 0)) {
            add(member);
            continue;
        }
        // "ADDRESS STREAM NAME" lines, one per address and socket type.
        auto result = supervisor::run_helper({"getent", "ahosts", member},
                                             supervisor::capture_current_signals());
        bool found = false;
        std::string output = result.exit_code == 0 ? result.output : "";
        for (auto line : util::split(output, '\n')) {
            auto words = util::split_words(line);
            if (words.size() >= 2 && words[1] == "STREAM") {
                add(std::string(words[0]));
                found = true;
            }
        }
        if (!found) {
            unresolved.push_back(member);
        }
    }
    return addresses;
}

std::vector<PoolWorker> expand_pool(const std::vector<HostSpec>& words,
                                    const PoolSettings& settings,
                                    std::vector<std::string>& unresolved) {
    std::vector<PoolWorker> workers;
    auto add = [&](PoolWorker worker) {
        bool known = std::ranges::any_of(workers, [&](const PoolWorker& other) {
            return other.host.ssh == worker.host.ssh && other.address == worker.address &&
                   other.host.port == worker.host.port;
        });
        if (!known) {
            workers.push_back(std::move(worker));
        }
    };
    for (auto word : words) {
        if (word.localhost) {
            continue;
        }
        auto addresses = resolve_pool({word.address}, unresolved);
        if (word.ssh) {
            if (!addresses.empty()) {
                add({word, addresses.front()});
            }
            continue;
        }
        if (settings.ssh) {
            word.ssh = true;
            word.user = settings.ssh_user;
        } else if (!word.port) {
            word.port = settings.distccd_port;
        }
        for (const auto& address : addresses) {
            auto worker = word;
            worker.address = address;
            add({std::move(worker), address});
        }
    }
    return workers;
}

std::vector<WorkerReport> probe_workers(const std::vector<PoolWorker>& workers,
                                        const PoolSettings& settings,
                                        std::chrono::milliseconds timeout) {
    std::vector<WorkerReport> reports;
    for (const auto& worker : workers) {
        reports.push_back(probe_worker(worker, settings, timeout));
    }
    return reports;
}

} // namespace client
