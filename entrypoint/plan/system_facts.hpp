#pragma once

#include "entrypoint/plan/defaults.hpp"
#include "entrypoint/plan/passwd_file.hpp"
#include "entrypoint/plan/toolchains.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace entrypoint {

// The CPU limits this process runs under, as far as they can be read.
struct CpuFacts {
    std::optional<double> quota; // cgroup v2 cpu.max, the strictest on the path to the root
    std::optional<int> cpuset;   // cpuset.cpus.effective
    std::optional<int> affinity; // sched_getaffinity
    int online = 1;              // sysconf(_SC_NPROCESSORS_ONLN)
    std::string source;          // which limits were found, for the log
};

// Everything the plan depends on that is not the environment or the arguments: what exists
// on disk and who we are. Gathered by gather_facts(); built by hand in unit tests.
struct SystemFacts {
    bool running_as_root = false;
    std::string self_path{defaults::k_self_path};     // for the metrics companion
    std::optional<std::string> relay_path;            // distcc-relay beside distcc-init
    std::optional<std::string> guard_path;            // distcc-guard beside distcc-init
    std::optional<std::string> distccd_path;          // found in PATH
    std::optional<std::string> sshd_path;             // /usr/sbin/sshd or in PATH
    bool sshd_knows_penalty_exemptions = false;       // OpenSSH >= 9.8
    std::optional<std::string> login_shell;           // /bin/bash, else /bin/sh
    std::optional<std::string> ccache_masquerade_dir; // /usr/lib/ccache/bin or /usr/lib/ccache
    bool ccache_dir_exists = false;
    bool ccache_dir_writable = false;                        // by us, when not root
    std::vector<PasswdEntry> users;                          // /etc/passwd
    std::vector<GroupEntry> groups;                          // /etc/group
    std::optional<std::string> authorized_keys_file_content; // AUTHORIZED_KEYS_FILE, if readable
    std::string authorized_keys_file_error;                  // why it could not be read
    std::optional<std::string> remote_storage_password;      // DISTCC_CCACHE_REMOTE_PASSWORD_FILE
    std::string remote_storage_password_error;               // why it could not be read
    std::vector<std::string> existing_host_key_types;        // in the host key directory
    CpuFacts cpus;
    std::optional<std::uint64_t> effective_capabilities; // CapEff; nothing when unknown
    bool temporary_directory_writable = true;            // TMPDIR or /tmp: distccd's work
    bool state_directory_read_only = false;  // on a read-only file system (docker run --read-only)
    ServedToolchains toolchains;             // the compilers in PATH and their served names
    bool compiler_links_writable = false;    // /run/distcc-init can hold the compiler links
    std::string private_run_dir;             // else this: TMPDIR/distcc-init-UID
    std::optional<std::string> command_list; // the DISTCC_CMDLIST file given, when readable
    std::optional<std::string> ccache_path;  // the ccache binary, found in PATH
    // Toolchain bundles: the store (DISTCC_TOOLCHAIN_DIR or the default), whether it exists and
    // this user may write it, the compilers of the bundles installed there, patchelf (installs need
    // it) and the content of DISTCC_TOOLCHAIN_TOKEN_FILE when it can be read.
    std::string toolchain_store{defaults::k_toolchain_store_dir};
    bool toolchain_store_exists = false;           // a directory (the images make it a volume) ...
    std::optional<unsigned> toolchain_store_owner; // ... of this user ID
    bool toolchain_store_writable = false;
    std::vector<Toolchain> bundle_toolchains;
    bool patchelf_installed = false;
    std::optional<std::string> toolchain_token_file_content;
};

} // namespace entrypoint
