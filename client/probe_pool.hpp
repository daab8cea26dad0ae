#pragma once

#include "client/host_list.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace client {

// Numeric addresses for the pool's members: an address stays as it is, a name becomes every
// address `getent ahosts NAME` gives on this client (the static binary has no resolver of
// its own). A name that does not resolve is reported in `unresolved`.
std::vector<std::string> resolve_pool(const std::vector<std::string>& members,
                                      std::vector<std::string>& unresolved);

// Probes each address: is the worker up, and what is its job limit (distccd's statistics
// page, else the metrics endpoint). Nothing is compiled and nothing is logged by a worker.
std::vector<WorkerReport> probe_workers(const std::vector<std::string>& addresses,
                                        const PoolSettings& settings,
                                        std::chrono::milliseconds timeout);

} // namespace client
