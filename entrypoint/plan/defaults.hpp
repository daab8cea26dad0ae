#pragma once

// The one table of the worker's defaults: every path, port, name and list that planning,
// fact gathering, provisioning and the healthcheck agree on.

#include <array>
#include <cstdint>
#include <string_view>

namespace entrypoint::defaults {

// Accounts
inline constexpr std::string_view k_worker_user = "distcc";  // distccd switches to it
inline constexpr std::string_view k_worker_group = "distcc"; // also shares the ccache
inline constexpr std::string_view k_ssh_user = "distcc-ssh"; // SSH_USERNAME
// GECOS field of the SSH account distcc-init creates: only such an account is reused.
inline constexpr std::string_view k_ssh_user_marker = "distcc-init ssh user";
inline constexpr std::array<std::string_view, 2> k_login_shells{"/bin/bash", "/bin/sh"};

// Programs
inline constexpr std::string_view k_self_path = "/usr/local/bin/distcc-init";
// The SSH relay, installed beside distcc-init.
inline constexpr std::string_view k_relay_name = "distcc-relay";
inline constexpr std::string_view k_sshd_path = "/usr/sbin/sshd";

// Ports and addresses
inline constexpr std::uint16_t k_distccd_port = 3632;
inline constexpr std::uint16_t k_distccd_stats_port = 3633;
inline constexpr std::uint16_t k_sshd_port = 22;
inline constexpr std::string_view k_loopback_address = "127.0.0.1";

// SSH
inline constexpr std::string_view k_host_key_dir = "/var/lib/distcc-init/ssh-host-keys";
inline constexpr std::array<std::string_view, 3> k_host_key_types{"ed25519", "ecdsa", "rsa"};
// Tunnel mode: SSH connections open at once (sshd's own MaxStartups refuses every new
// unauthenticated connection from 100 on; in inetd mode that limit is ours to keep).
inline constexpr int k_ssh_front_connections = 100;
inline constexpr std::string_view k_sshd_privilege_separation_dir = "/run/sshd";

// ccache: the cache, and the masquerade directory of compiler links (Gentoo, then Debian)
inline constexpr std::string_view k_ccache_dir = "/var/cache/ccache";
inline constexpr std::array<std::string_view, 2> k_ccache_masquerade_dirs{"/usr/lib/ccache/bin",
                                                                          "/usr/lib/ccache"};

// Metrics (DISTCC_METRICS_ENABLE): the companion's port and address, and the socket where the
// SSH relays report their sessions to it (in root's run directory: no user replaces it).
inline constexpr std::uint16_t k_metrics_port = 3634;
inline constexpr std::string_view k_metrics_address = "0.0.0.0";
inline constexpr std::string_view k_session_socket = "/run/distcc-init/ssh-sessions.sock";

// Served compilers, in the run directory (or, for a user who cannot write there, a directory
// of its own under TMPDIR): one link per name a client may send, listed in the DISTCC_CMDLIST
// file, each to the compiler guard (distcc-guard, beside distcc-init), which runs the compiler
// the same name leads to in the second directory (through ccache when it is on); and the
// guard's refusals by family, for the metrics, in a directory of the distcc user.
inline constexpr std::string_view k_run_dir = "/run/distcc-init";
inline constexpr std::string_view k_compiler_links = "compilers";
inline constexpr std::string_view k_compiler_real_links = "compilers-real";
inline constexpr std::string_view k_compiler_list = "compilers.list";
inline constexpr std::string_view k_guard_dir = "guard";
inline constexpr std::string_view k_guard_counts = "guard/refused";
inline constexpr std::string_view k_guard_name = "distcc-guard";
// Created by PID 1 on SIGTERM: the guard hands new jobs back while the running ones finish.
inline constexpr std::string_view k_drain_marker = "draining";
// Compilers pushed by clients ("bring your own compiler"), a volume; the guard runs them with
// a clean environment.
inline constexpr std::string_view k_toolchain_store_dir = "/var/lib/distcc-init/toolchains";

// The store is written by the toolchain service alone. In the run directory: the image's own
// compilers by served name (for the service to fall back on), the service's socket (SSH
// pushes, `toolchains remove`) and the push token it is given; the tcp image's push endpoint
// is distccd's port + 3; the largest bundle taken.
inline constexpr std::string_view k_compiler_image_links = "compilers-image";
inline constexpr std::string_view k_toolchain_socket_name = "toolchains.sock";
inline constexpr std::string_view k_toolchain_socket = "/run/distcc-init/toolchains.sock";
inline constexpr std::string_view k_toolchain_token_file = "toolchain-token";
inline constexpr std::uint16_t k_toolchain_port_offset = 3;
inline constexpr std::uint64_t k_toolchain_max_size = 2'000'000'000;

// Where PID 1 tells `distcc-init healthcheck` what to check.
inline constexpr std::string_view k_state_file = "/run/distcc-init/state";

} // namespace entrypoint::defaults
