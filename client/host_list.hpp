#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace client {

// How a client reaches the pool's workers.
struct PoolSettings {
    bool ssh = false;                  // @host specs (distcc over SSH) instead of host:port
    std::string ssh_user;              // user@ in SSH specs; empty: the ssh config's
    std::uint16_t distccd_port = 3632; // TCP: distccd
    std::uint16_t stats_port = 3633;   // TCP: distccd's statistics page (--stats)
    std::uint16_t metrics_port = 3634; // DISTCC_METRICS_ENABLE's endpoint
    std::uint16_t ssh_port = 22;       // SSH: only probed; the spec leaves it to ssh's config
    bool lzo = false;                  // ",lzo": compress what travels
};

// What probing one worker found.
struct WorkerReport {
    std::string address;          // numeric
    bool up = false;              // answered on distccd's port (TCP) or sshd's (SSH)
    std::optional<int> job_limit; // from the statistics page or the metrics endpoint
    std::string how;              // where the limit came from, or why the worker is down
};

// The DISTCC_HOSTS line for the workers that are up: the largest job limit first (distcc
// fills hosts in order), the pool's order among equals; each with its limit, when known.
std::string format_host_list(const std::vector<WorkerReport>& reports,
                             const PoolSettings& settings);

// One host of a DISTCC_HOSTS line.
struct HostSpec {
    std::string spec;    // as written, options included: what DISTCC_HOSTS gets for it
    std::string name;    // without options (/N, ,lzo, ,cpp): "10.0.0.1:3632", "@builder"
    bool ssh = false;    // user@host or @host
    std::string address; // TCP: the host part, brackets removed
    std::uint16_t port = 3632;
    bool localhost = false; // "localhost": distcc compiles here, nothing to check
};

// The hosts of a DISTCC_HOSTS value, in order; "--randomize", "--localslots=N" and
// "+zeroconf" are not hosts. A word it cannot read (a bad port): nothing, and `problem` says
// which.
std::vector<HostSpec> parse_distcc_hosts(std::string_view line, std::string& problem);

// The value of an unlabelled sample in Prometheus text, e.g. distcc_job_limit.
std::optional<double> find_sample(std::string_view exposition, std::string_view name);

} // namespace client
