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

// Metrics (DISTCC_METRICS_ENABLE): the companion's port and address, and the file where the
// SSH relays count their sessions for it.
inline constexpr std::uint16_t k_metrics_port = 3634;
inline constexpr std::string_view k_metrics_address = "0.0.0.0";
inline constexpr std::string_view k_session_counts_dir = "/run/distcc-init/ssh-sessions";
inline constexpr std::string_view k_session_counts_file = "/run/distcc-init/ssh-sessions/counts";

// Served compilers: one link per name a client may send, each to the real compiler, listed
// in the DISTCC_CMDLIST file; with ccache the links lead to ccache, which finds the compiler
// by the same name in the second directory (first in PATH).
inline constexpr std::string_view k_compiler_links_dir = "/run/distcc-init/compilers";
inline constexpr std::string_view k_compiler_real_links_dir = "/run/distcc-init/compilers-real";
inline constexpr std::string_view k_compiler_list_file = "/run/distcc-init/compilers.list";

// The image's own compilers by served name, for the toolchain service to fall back on.
inline constexpr std::string_view k_compiler_image_links_dir = "/run/distcc-init/compilers-image";

// Toolchain bundles (pushed compilers): the store (a volume, written by the toolchain service
// alone), the service's socket (SSH pushes, `toolchains remove`), the push token file it is
// given, the tcp image's push endpoint (distccd's port + 3) and the largest bundle taken.
inline constexpr std::string_view k_toolchain_store_dir = "/var/lib/distcc-init/toolchains";
inline constexpr std::string_view k_toolchain_socket = "/run/distcc-init/toolchains.sock";
inline constexpr std::string_view k_toolchain_token_file = "/run/distcc-init/toolchain-token";
inline constexpr std::uint16_t k_toolchain_port_offset = 3;
inline constexpr std::uint64_t k_toolchain_max_size = 2'000'000'000;

// Where PID 1 tells `distcc-init healthcheck` what to check.
inline constexpr std::string_view k_state_file = "/run/distcc-init/state";

} // namespace entrypoint::defaults
