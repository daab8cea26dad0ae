#pragma once

#include "entrypoint/cpu_probe.hpp"
#include "entrypoint/passwd_file.hpp"

#include <optional>
#include <string>
#include <vector>

namespace entrypoint {

// Everything the plan depends on that is not the environment or the arguments: what exists
// on disk and who we are. Gathered by gather_facts(); built by hand in unit tests.
struct SystemFacts {
    bool running_as_root = false;
    std::string self_path = "/usr/local/bin/distcc-init"; // for sshd's ForceCommand
    std::optional<std::string> distccd_path;              // found in PATH
    std::optional<std::string> sshd_path;                 // /usr/sbin/sshd or in PATH
    bool sshd_knows_penalty_exemptions = false;           // OpenSSH >= 9.8
    std::optional<std::string> login_shell;               // /bin/bash, else /bin/sh
    std::optional<std::string> ccache_masquerade_dir;     // /usr/lib/ccache/bin or /usr/lib/ccache
    bool ccache_dir_exists = false;
    bool ccache_dir_writable = false;                        // by us, when not root
    std::vector<PasswdEntry> users;                          // /etc/passwd
    std::vector<GroupEntry> groups;                          // /etc/group
    std::optional<std::string> authorized_keys_file_content; // AUTHORIZED_KEYS_FILE, if readable
    std::string authorized_keys_file_error;                  // why it could not be read
    std::vector<std::string> existing_host_key_types;        // in the host key directory
    CpuFacts cpus;
};

} // namespace entrypoint
