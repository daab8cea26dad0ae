#pragma once

#include "client/host_list.hpp"

#include <optional>
#include <string>
#include <vector>

namespace client {

// What probing one worker of the pool found.
struct WorkerReport {
    HostSpec host;                // the worker's word in the line (for TCP with its port)
    std::string address;          // the numeric address probed
    bool up = false;              // answered on distccd's port (TCP) or sshd's (SSH)
    std::optional<int> job_limit; // the worker's own: its statistics page or metrics endpoint
    std::string how;              // where the limit came from, or why the worker is down
};

// What the line adds to the workers.
struct LineSettings {
    bool lzo = false;  // ",lzo" on every worker
    bool pump = false; // ",cpp" on every worker, with the ",lzo" pump mode needs
    // The client's own slots (localhost/N; 0: none). Nothing: the pool's localhost word if it
    // has one, else automatic_localhost_slots.
    std::optional<int> localhost_slots;
    std::optional<HostSpec> localhost; // a localhost word of the pool, kept as written
    int client_cpus = 1;               // the CPUs this client may use
};

// The DISTCC_HOSTS line and what make needs to keep it busy.
struct HostLine {
    std::string line;          // the value of DISTCC_HOSTS
    int localhost_slots = 0;   // the client's own slots in it
    std::string localhost_why; // how that number was chosen
    int slots = 0;             // every slot of the line: the -j that fills them all
};

// The line for the workers that are up: localhost first (distcc(1): it is the cheapest place to
// run a job), then the workers, the largest job limit first (distcc fills hosts in order), the
// pool's order among equals; each with the limit written in the pool, else its own; each with
// the options written, and those SETTINGS add.
HostLine compose_host_line(const std::vector<WorkerReport>& reports, const LineSettings& settings);

// The client's own slots when nobody says: one per CPU of the client, unless its CPUs are less
// than a fifth of the farm's, which distcc(1) advises to leave to preprocessing and sending. A
// worker's CPUs are counted from its job limit as distccd's default sets it (CPUs + 2); a
// worker whose limit is unknown as distcc's default limit (4) would have it.
int automatic_localhost_slots(int client_cpus,
                              const std::vector<std::optional<int>>& worker_limits);

} // namespace client
