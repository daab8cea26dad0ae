#pragma once

#include "metrics/ccache_stats.hpp"
#include "metrics/exposition.hpp"
#include "metrics/session_reports.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace metrics {

// Where the metrics companion finds what it exports; from its command line, which the
// worker's plan writes.
struct Sources {
    std::string worker_mode = "tcp";           // "tcp" or "ssh"
    std::string stats_address = "127.0.0.1";   // distccd's statistics page (--stats)
    std::uint16_t stats_port = 3633;           //
    bool ccache = false;                       // DISTCC_CCACHE_ENABLE is on
    std::optional<std::string> session_socket; // ssh: where the relays report sessions
    std::string ssh_user;                      // ... of this user
    std::optional<std::string> guard_counts;   // the compiler guard's refusals
};

// A compiler distccd serves, as `NAME -dumpfullversion` and `NAME -dumpmachine` say.
struct Compiler {
    std::string name;
    std::string version;
    std::string target;
    std::string bundle; // a pushed bundle's id (12 digits), empty for the image's own
    std::string origin; // how that bundle arrived
};

// What changes seldom while the worker runs: read when the companion starts (the compilers
// again at each scrape, as bundles are pushed; each binary is asked once).
struct WorkerFacts {
    std::string version;
    double start_time_seconds = 0; // since the epoch
    std::vector<Compiler> compilers;
};

// The names distccd serves (distcc-init's DISTCC_CMDLIST, else the whitelist /usr/lib/distcc)
// whose compilers answer for their version and target; a pushed bundle's with its id and origin.
std::vector<Compiler> find_served_compilers();

// `ccache --print-stats` (as the worker's user, never as root) and the cache's max_size;
// nothing when ccache did not answer.
std::optional<CcacheStats> read_ccache_stats();

// One scrape: distccd's statistics page, ccache's statistics (run as the worker's user, never
// as root), running jobs from /proc, the guard's refusal counts and the SSH sessions reported
// (SESSIONS, when the worker is an ssh one). Starts no compile and writes nothing.
std::vector<Family> collect(const Sources& sources, const WorkerFacts& facts,
                            std::chrono::milliseconds timeout,
                            const std::optional<SessionCounts>& sessions);

} // namespace metrics
