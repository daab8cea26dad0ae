#pragma once

#include "client/host_line.hpp"
#include "client/probe_pool.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace client {

// `distcc-init hosts`: what the client asked for.
struct HostsRequest {
    std::vector<HostSpec> pool; // DISTCC_HOSTS words: workers, names of several, localhost
    PoolSettings settings;
    LineSettings line;                       // client_cpus is probed here
    std::chrono::milliseconds timeout{2000}; // per worker
};

// Probes the pool, says on stderr what each worker answered and how many jobs make should
// run, prints the DISTCC_HOSTS line on stdout. Returns 0 when at least one worker is up, 1
// when none is.
int print_host_list(const HostsRequest& request);

} // namespace client
