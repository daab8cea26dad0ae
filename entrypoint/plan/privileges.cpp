#include "entrypoint/plan/privileges.hpp"

#include "util/capabilities.hpp"
#include "util/exit_codes.hpp"
#include "util/refusal.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace entrypoint {
namespace {

using util::Capability;

struct Need {
    Capability capability;
    std::string_view why;
};

void add(std::vector<Need>& needs, Capability capability, std::string_view why) {
    if (std::ranges::none_of(needs,
                             [&](const Need& need) { return need.capability == capability; })) {
        needs.push_back({capability, why});
    }
}

// What each part of the plan does as root that a dropped capability would stop (checked with
// docker run --cap-drop ALL and one --cap-add less each time).
std::vector<Need> capabilities_needed(const Plan& plan, std::optional<std::uint16_t> sshd_port) {
    std::vector<Need> needs;
    for (const auto& step : plan.steps) {
        if (std::holds_alternative<CreateGroup>(step) || std::holds_alternative<CreateUser>(step)) {
            add(needs, Capability::chown, "useradd and groupadd");
        }
        if (const auto* user = std::get_if<CreateUser>(&step); user && !user->system_account) {
            add(needs, Capability::dac_override, "writing into the SSH user's home");
        }
        if (std::holds_alternative<WriteAuthorizedKeys>(step) ||
            (std::holds_alternative<PrepareDirectory>(step) &&
             !std::get<PrepareDirectory>(step).owner.empty())) {
            add(needs, Capability::chown, "giving files to their accounts");
            add(needs, Capability::fowner, "setting the modes of files given away");
        }
    }
    bool switches_user =
        plan.mode == Mode::ssh ||
        std::ranges::find(plan.programs.main, "--user") != plan.programs.main.end();
    if (switches_user) {
        add(needs, Capability::setuid, "switching to the distcc and SSH users");
        add(needs, Capability::setgid, "switching to the distcc and SSH users");
        add(needs, Capability::kill, "stopping processes of those users");
    }
    if (plan.mode == Mode::ssh) {
        add(needs, Capability::sys_chroot, "sshd's privilege separation");
        if (sshd_port && *sshd_port < 1024) {
            add(needs, Capability::net_bind_service, "sshd's port below 1024");
        }
    }
    return needs;
}

} // namespace

void check_privileges(const Plan& plan, const SystemFacts& facts,
                      std::optional<std::uint16_t> sshd_port) {
    if (facts.running_as_root && facts.effective_capabilities) {
        std::vector<std::string> missing;
        std::vector<std::string> flags;
        for (const auto& need : capabilities_needed(plan, sshd_port)) {
            if (!util::missing_capabilities(*facts.effective_capabilities, {need.capability})
                     .empty()) {
                auto name = util::capability_name(need.capability);
                missing.push_back(fmt::format("{} ({})", name, need.why));
                flags.push_back(fmt::format("--cap-add {}", name));
            }
        }
        if (!missing.empty()) {
            throw util::Refusal(util::k_exit_needs_root,
                                fmt::format("missing capabilities: {}; give them back (docker run "
                                            "{}) or drop fewer",
                                            fmt::join(missing, ", "), fmt::join(flags, " ")));
        }
    }
    if (!facts.temporary_directory_writable) {
        throw util::Refusal(util::k_exit_needs_root,
                            "the temporary directory (TMPDIR, else /tmp) is not writable, and "
                            "distccd compiles there: with a read-only root file system, mount a "
                            "tmpfs on it (docker run --tmpfs /tmp)");
    }
    if (facts.state_directory_read_only) {
        throw util::Refusal(
            util::k_exit_needs_root,
            fmt::format("{} is on a read-only file system, and the healthcheck reads the worker's "
                        "state there: mount a tmpfs on it (docker run --tmpfs "
                        "/run/distcc-init:uid=240,gid=240)",
                        defaults::k_state_file.substr(0, defaults::k_state_file.rfind('/'))));
    }
}

} // namespace entrypoint
