#pragma once

#include "client/host_line.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace client {

// How a client reaches the pool's workers, where a word does not say.
struct PoolSettings {
    bool ssh = false;                        // a bare word is an SSH worker (@host), not a TCP one
    std::string ssh_user;                    // user@ for those words; empty: the ssh config's
    std::uint16_t distccd_port = 3632;       // TCP: distccd, unless a word has :PORT
    std::optional<std::uint16_t> stats_port; // distccd's statistics page; nothing: its port + 1
    std::uint16_t metrics_port = 3634;       // DISTCC_METRICS_ENABLE's endpoint
    std::uint16_t ssh_port = 22;             // SSH: only probed; the spec leaves it to ssh's config
};

// Numeric addresses for the pool's members: an address stays as it is, a name becomes every
// address `getent ahosts NAME` gives on this client (the static binary has no resolver of
// its own). A name that does not resolve is reported in `unresolved`.
std::vector<std::string> resolve_pool(const std::vector<std::string>& members,
                                      std::vector<std::string>& unresolved);

// A worker of the pool: its word in the line, and the address to probe.
struct PoolWorker {
    HostSpec host;
    std::string address; // numeric
};

// The pool's workers. A TCP word becomes one worker per address its name resolves to
// (resolve_pool), with its port (SETTINGS' unless written); a bare word is an SSH one when
// SETTINGS say so, one per address too. A word written with '@' stays as written (ssh reads
// its own configuration for that name) and is probed at its first address. localhost words
// are not workers and are left out.
std::vector<PoolWorker> expand_pool(const std::vector<HostSpec>& words,
                                    const PoolSettings& settings,
                                    std::vector<std::string>& unresolved);

// Probes each worker: is it up, and what is its job limit (distccd's statistics page, else
// the metrics endpoint). Nothing is compiled and nothing is logged by a worker.
std::vector<WorkerReport> probe_workers(const std::vector<PoolWorker>& workers,
                                        const PoolSettings& settings,
                                        std::chrono::milliseconds timeout);

} // namespace client
