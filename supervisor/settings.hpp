#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace supervisor {

// How distcc-init supervises; every field maps to one command-line option.
struct Settings {
    std::chrono::milliseconds grace{std::chrono::seconds(8)}; // TERM/INT -> KILL delay (--grace)
    bool signal_process_group = false;         // forward to the child's process group (-g)
    bool register_subreaper = false;           // become a child subreaper when not PID 1 (-s)
    std::optional<int> parent_death_signal;    // signal we get when our parent dies (-p)
    bool warn_on_reap = false;                 // warn about each reaped zombie (-w)
    std::set<int> exit_codes_remapped_to_zero; // tini's -e
};

// The file descriptor on which a program named by Programs::log_fd_program finds
// distcc-init's stderr again.
inline constexpr int k_log_fd = 3;

// What to run: the main program and companions that live and die with it.
struct Programs {
    std::vector<std::string> main;
    std::vector<std::vector<std::string>> companions;
    // The program (by argv[0]) that also gets distcc-init's stderr as k_log_fd, for lines in
    // the log from its own children, whose stderr goes elsewhere (distccd's: the compiler
    // guard's refusals). No other program gets more than fds 0-2.
    std::string log_fd_program;
    // Draining (the worker's distccd): on the first SIGTERM, distcc-init creates
    // `drain_marker`, by which the programs' children hand new work back, and forwards the
    // signal only once no connection on `drain_ports` is being served any more (the running
    // work is done and delivered), within the grace period; a second SIGTERM or SIGINT ends
    // the wait. No port: SIGTERM is forwarded at once.
    std::vector<std::uint16_t> drain_ports;
    std::string drain_marker;
};

} // namespace supervisor
