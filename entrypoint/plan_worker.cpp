#include "entrypoint/cpu_limit.hpp"
#include "entrypoint/daemon_arguments.hpp"
#include "entrypoint/plan_parts.hpp"

#include <fmt/format.h>

namespace entrypoint {
namespace {

constexpr std::string_view k_default_cache_dir = "/var/cache/ccache";
std::optional<PlanError> parse_ccache_switch(const Environment& environment, bool& enabled) {
    auto value = lookup(environment, "DISTCC_CCACHE_ENABLE");
    enabled = value == "1";
    if (value && *value != "0" && *value != "1") {
        return PlanError{k_exit_configuration,
                         fmt::format("DISTCC_CCACHE_ENABLE={:?}: expected 1 (compile through "
                                     "ccache) or 0 (no ccache)",
                                     *value)};
    }
    return std::nullopt;
}

} // namespace

void add_worker_account(Plan& plan, const SystemFacts& facts) {
    if (!facts.running_as_root) {
        return;
    }
    if (!find_group(facts.groups, k_worker_group)) {
        plan.steps.emplace_back(CreateGroup{k_worker_group});
    }
    if (!find_user(facts.users, k_worker_user)) {
        plan.steps.emplace_back(CreateUser{k_worker_user, k_worker_group, "", "", true});
    }
}

std::optional<PlanError> add_ccache(Plan& plan, const Environment& environment,
                                    const SystemFacts& facts) {
    bool enabled = false;
    if (auto error = parse_ccache_switch(environment, enabled)) {
        return error;
    }
    if (!enabled) {
        plan.checks.emplace_back("ccache: off (DISTCC_CCACHE_ENABLE is not 1)");
        return std::nullopt;
    }
    if (!facts.ccache_masquerade_dir) {
        return PlanError{k_exit_missing_program,
                         "DISTCC_CCACHE_ENABLE=1 but ccache is not installed: neither "
                         "/usr/lib/ccache/bin (Gentoo) nor /usr/lib/ccache (Debian) exists"};
    }
    auto cache_dir = lookup(environment, "CCACHE_DIR").value_or(std::string(k_default_cache_dir));
    if (!facts.running_as_root && facts.ccache_dir_exists && !facts.ccache_dir_writable) {
        return PlanError{k_exit_needs_root,
                         fmt::format("CCACHE_DIR={:?} is not writable by this user: make the "
                                     "volume writable by group distcc, or start as root",
                                     cache_dir)};
    }
    auto path = lookup(environment, "PATH").value_or(std::string(k_default_path));
    plan.environment["PATH"] = *facts.ccache_masquerade_dir + ":" + path;
    plan.environment["CCACHE_DIR"] = cache_dir;
    plan.environment["CCACHE_UMASK"] = "002";
    plan.checks.push_back("ccache: on, compilers from " + *facts.ccache_masquerade_dir);
    plan.steps.emplace_back(PrepareDirectory{cache_dir, facts.running_as_root ? k_worker_user : "",
                                             facts.running_as_root ? k_worker_group : "", 02775,
                                             "ccache directory shared by group distcc"});
    return std::nullopt;
}

std::vector<std::string> distccd_command(Plan& plan, const SystemFacts& facts,
                                         const std::vector<std::string>& defaults,
                                         const std::vector<std::string>& extra) {
    std::vector<std::string> argv{*facts.distccd_path, "--daemon", "--no-detach",
                                  "--log-level",       "notice",   "--log-stderr"};
    argv.insert(argv.end(), defaults.begin(), defaults.end());
    // Distributions disagree on distccd's default user (Debian: distccd): name ours.
    if (facts.running_as_root && !has_option(extra, {"--user"})) {
        argv.insert(argv.end(), {"--user", k_worker_user});
    }
    if (has_option(extra, {"--jobs", "-j"})) {
        plan.job_count_note = "--jobs given in the arguments: used as is";
    } else {
        const auto& cpus = facts.cpus;
        int usable = usable_cpus(cpus.quota, cpus.cpuset, cpus.affinity, cpus.online);
        int jobs = distccd_job_count(usable);
        argv.insert(argv.end(), {"--jobs", std::to_string(jobs)});
        plan.job_count_note =
            fmt::format("--jobs {}: {} usable CPU(s) + 2 ({} online; {})", jobs, usable,
                        cpus.online, cpus.source.empty() ? "no CPU limit found" : cpus.source);
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

} // namespace entrypoint
