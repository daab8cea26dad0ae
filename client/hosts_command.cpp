#include "client/hosts_command.hpp"

#include "client/probe_pool.hpp"
#include "util/exit_codes.hpp"
#include "util/socket_address.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

namespace client {

int print_host_list(const HostsRequest& request) {
    std::vector<std::string> unresolved;
    auto addresses = resolve_pool(request.pool, unresolved);
    for (const auto& name : unresolved) {
        fmt::print(stderr, "{}: does not resolve to an address here, skipped\n", name);
    }
    auto reports = probe_workers(addresses, request.settings, request.timeout);
    auto port = request.settings.ssh ? request.settings.ssh_port : request.settings.distccd_port;
    for (const auto& report : reports) {
        fmt::print(stderr, "{}: {}{}\n", util::format_endpoint(report.address, port),
                   report.up && report.job_limit ? fmt::format("up, {} jobs, ", *report.job_limit)
                                                 : "",
                   report.how);
    }
    if (std::ranges::none_of(reports, [](const WorkerReport& report) { return report.up; })) {
        fmt::print(stderr, "no worker of the pool answered\n");
        return util::k_exit_failure;
    }
    fmt::print("{}\n", format_host_list(reports, request.settings));
    return 0;
}

} // namespace client
