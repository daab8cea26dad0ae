#pragma once

#include "client/host_list.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace client {

// `distcc-init hosts`: what the client asked for.
struct HostsRequest {
    std::vector<std::string> pool; // addresses or names
    PoolSettings settings;
    std::chrono::milliseconds timeout{2000}; // per worker
};

// Probes the pool, says on stderr what each worker answered, prints the DISTCC_HOSTS line on
// stdout. Returns 0 when at least one worker is up, 1 when none is.
int print_host_list(const HostsRequest& request);

} // namespace client
