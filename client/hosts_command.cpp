#include "client/hosts_command.hpp"

#include "entrypoint/plan/cpu_limit.hpp"
#include "entrypoint/system/cpu_probe.hpp"
#include "util/exit_codes.hpp"
#include "util/socket_address.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

namespace client {
namespace {

int usable_client_cpus() {
    auto cpus = entrypoint::probe_cpus();
    return entrypoint::usable_cpus(cpus.quota, cpus.cpuset, cpus.affinity, cpus.online);
}

} // namespace

int print_host_list(const HostsRequest& request) {
    std::vector<std::string> unresolved;
    auto workers = expand_pool(request.pool, request.settings, unresolved);
    for (const auto& name : unresolved) {
        fmt::print(stderr, "{}: does not resolve to an address here, skipped\n", name);
    }
    auto reports = probe_workers(workers, request.settings, request.timeout);
    for (const auto& report : reports) {
        auto port = report.host.ssh ? request.settings.ssh_port : *report.host.port;
        fmt::print(stderr, "{}: {}{}\n", util::format_endpoint(report.address, port),
                   report.up && report.job_limit ? fmt::format("up, {} jobs, ", *report.job_limit)
                                                 : "",
                   report.how);
    }
    if (std::ranges::none_of(reports, [](const WorkerReport& report) { return report.up; })) {
        fmt::print(stderr, "no worker of the pool answered\n");
        return util::k_exit_failure;
    }
    auto settings = request.line;
    settings.client_cpus = usable_client_cpus();
    auto line = compose_host_line(reports, settings);
    fmt::print(stderr, "localhost: {} slot(s), {}\n", line.localhost_slots, line.localhost_why);
    // distcc's client sleeps a whole second whenever every slot of the line is taken (src/
    // where.c, DISTCC_PAUSE_TIME_MSEC): make should start as many jobs as there are slots.
    fmt::print(stderr,
               "make: -j{} (the line's slots; more jobs wait for a slot a second at a "
               "time)\n",
               line.slots);
    if (settings.pump) {
        fmt::print(stderr, "pump: run the build under distcc-pump (pump make -j{})\n", line.slots);
    }
    fmt::print("{}\n", line.line);
    return 0;
}

} // namespace client
