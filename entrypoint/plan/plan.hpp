#pragma once

#include "entrypoint/plan/authorized_keys.hpp"
#include "entrypoint/plan/defaults.hpp"
#include "entrypoint/plan/mode.hpp"
#include "entrypoint/plan/toolchains.hpp"
#include "supervisor/settings.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace entrypoint {

// Provisioning steps, applied in order by the executor before anything is supervised.
struct CreateGroup {
    std::string name;
};
struct CreateUser {
    std::string name;
    std::string group;
    std::string home;            // empty for a system account
    std::string shell;           // empty for a system account
    bool system_account = false; // the distcc user distccd switches to
};
struct WriteAuthorizedKeys {
    std::string user;
    std::string home;
    std::vector<PublicKey> keys;
};
struct GenerateHostKeys {
    std::string directory;
    std::vector<std::string> missing_types; // e.g. "ed25519"
    std::vector<std::string> all_types;     // every key sshd will use
};
struct PrepareDirectory {
    std::string path;
    std::string owner; // empty: leave ownership and mode alone (not root)
    std::string group;
    unsigned mode = 0755; // applied only with an owner
    std::string purpose;  // for logs and the dry run
};
// One link per served compiler name and distccd's DISTCC_CMDLIST file naming them.
struct LinkCompilers {
    ServedToolchains served;
    std::string directory;      // the links distccd runs: every one leads to the guard
    std::string list_file;      // DISTCC_CMDLIST
    std::string guard;          // distcc-guard
    std::string real_directory; // the guard finds the compiler here, under the same name
    // A DISTCC_CMDLIST the user gave: each line's file name served, leading to that line's
    // path (instead of the discovered toolchains).
    std::map<std::string, std::string> listed;
    std::string image_directory;  // the image's own compilers, for the toolchain service
    std::set<std::string> shaped; // every compiler-shaped name also on distccd's list
};
// The toolchain push token given inline (DISTCC_TOOLCHAIN_TOKEN), written for the toolchain
// service alone: the daemons' environment does not get it.
struct WriteToolchainToken {
    std::string path;
    std::string token; // a secret: never shown
};
using Step = std::variant<CreateGroup, CreateUser, WriteAuthorizedKeys, GenerateHostKeys,
                          PrepareDirectory, LinkCompilers, WriteToolchainToken>;

// What the healthcheck needs to find the running daemon(s), saved in the state file.
struct HealthTarget {
    std::optional<std::uint16_t> distccd_port; // tcp daemon or the loopback companion
    bool distccd_stats = false;                // --stats given: HTTP on stats_port
    std::uint16_t distccd_stats_port = defaults::k_distccd_stats_port;
    std::optional<std::uint16_t> sshd_port;
    std::string address{defaults::k_loopback_address}; // where the checks connect
    std::string drain_marker;                          // exists while the worker drains: unhealthy
};

// A port a companion will listen on: checked free before anything is changed, so that a taken
// port is one clear line rather than a worker that starts and stops.
struct PortToCheck {
    std::string address;
    std::uint16_t port = 0;
    std::string variable; // the setting that chose it, for the message
};

// What a start does: checks passed, steps to apply, environment, programs to supervise.
// Planning that cannot go ahead throws util::Refusal instead: nothing has been changed.
struct Plan {
    Mode mode = Mode::plain;
    std::vector<std::string> checks;                // what was verified, for the dry run
    std::vector<Step> steps;                        // provisioning, in order
    std::map<std::string, std::string> environment; // variables set or changed
    // Variables of `environment` that hold a secret, with what is shown instead.
    std::map<std::string, std::string> secret_environment;
    std::vector<std::string> removed_environment; // distcc-init's own: not passed on
    supervisor::Programs programs;                // main program and companions
    std::optional<std::string> job_count_note;    // how the distccd --jobs value was chosen
    std::optional<std::string> relay_note;        // how SSH sessions reach distccd
    HealthTarget health;
    std::vector<PortToCheck> ports_to_check;
    std::optional<ServedToolchains> compilers; // what distccd serves, when distcc-init chose it
    std::optional<std::string> compilers_note; // why it did not, when it did not
};

} // namespace entrypoint
