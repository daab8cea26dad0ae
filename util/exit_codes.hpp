#pragma once

// Every exit code distcc-init ends with, in one place; the README's "Exit codes" table says
// the same. Codes of the programs it runs pass through unchanged.

namespace util {

inline constexpr int k_exit_failure = 1;              // unhealthy; a relay that lost its daemon;
                                                      // a companion that exited first with 0
inline constexpr int k_exit_usage = 2;                // bad command line or DISTCC_INIT_* value
inline constexpr int k_exit_configuration = 3;        // bad worker setting: keys, user, env values
inline constexpr int k_exit_missing_program = 4;      // distccd, sshd or ccache not installed
inline constexpr int k_exit_needs_root = 5;           // ssh mode, or a cache this user cannot write
inline constexpr int k_exit_internal_error = 6;       // a bug: an unexpected error before start
inline constexpr int k_exit_daemon_unreachable = 111; // relay: the loopback distccd refused;
                                                      // the toolchain service does not answer
inline constexpr int k_exit_cannot_execute = 126;     // as a shell: found but not executable;
                                                      // also a session compile-only mode refuses
inline constexpr int k_exit_not_found = 127;          // as a shell: program not found
inline constexpr int k_exit_signal_base = 128;        // 128 + N: killed by signal N

} // namespace util
