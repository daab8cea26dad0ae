// The parts both worker modes share: the distcc account, ccache, and distccd's command.
#include "entrypoint/plan/cpu_limit.hpp"
#include "entrypoint/plan/daemon_arguments.hpp"
#include "entrypoint/plan/environment_values.hpp"
#include "entrypoint/plan/plan_parts.hpp"
#include "entrypoint/plan/toolchain_bundles.hpp"
#include "util/exit_codes.hpp"
#include "util/refusal.hpp"

#include <fmt/format.h>

namespace entrypoint {

void add_worker_account(Plan& plan, const SystemFacts& facts) {
    if (!facts.running_as_root) {
        return;
    }
    std::string group(defaults::k_worker_group);
    std::string user(defaults::k_worker_user);
    if (!find_group(facts.groups, group)) {
        plan.steps.emplace_back(CreateGroup{group});
    }
    if (!find_user(facts.users, user)) {
        plan.steps.emplace_back(CreateUser{user, group, "", "", true});
    }
}

void require_distccd(const SystemFacts& facts) {
    if (!facts.distccd_path) {
        throw util::Refusal(util::k_exit_missing_program,
                            "distccd is not installed (not found in PATH): install distcc "
                            "(Gentoo sys-devel/distcc, Debian distcc)");
    }
}

void add_ccache(Plan& plan, const util::Environment& environment, const SystemFacts& facts) {
    if (!read_switch(environment, "DISTCC_CCACHE_ENABLE",
                     "1 (compile through ccache) or 0 (no ccache)")) {
        plan.checks.emplace_back("ccache: off (DISTCC_CCACHE_ENABLE is not on)");
        return;
    }
    if (!facts.ccache_masquerade_dir) {
        throw util::Refusal(util::k_exit_missing_program,
                            fmt::format("DISTCC_CCACHE_ENABLE is on but ccache is not installed: "
                                        "none of {} exists",
                                        fmt::join(defaults::k_ccache_masquerade_dirs, ", ")));
    }
    auto cache_dir =
        util::lookup(environment, "CCACHE_DIR").value_or(std::string(defaults::k_ccache_dir));
    if (!facts.running_as_root && facts.ccache_dir_exists && !facts.ccache_dir_writable) {
        throw util::Refusal(util::k_exit_needs_root,
                            fmt::format("CCACHE_DIR={:?} is not writable by this user: make the "
                                        "volume writable by group {}, or start as root",
                                        cache_dir, defaults::k_worker_group));
    }
    auto path = util::lookup(environment, "PATH").value_or(std::string(util::k_default_path));
    plan.environment["PATH"] = *facts.ccache_masquerade_dir + ":" + path;
    plan.environment["CCACHE_DIR"] = cache_dir;
    plan.environment["CCACHE_UMASK"] = "002";
    plan.checks.push_back("ccache: on, compilers from " + *facts.ccache_masquerade_dir);
    std::string owner(facts.running_as_root ? defaults::k_worker_user : "");
    std::string group(facts.running_as_root ? defaults::k_worker_group : "");
    plan.steps.emplace_back(PrepareDirectory{cache_dir, owner, group, 02775,
                                             "ccache directory shared by group distcc"});
}

std::vector<std::string> distccd_command(Plan& plan, const SystemFacts& facts,
                                         const std::vector<std::string>& defaults,
                                         const std::vector<std::string>& extra) {
    std::vector<std::string> argv{*facts.distccd_path, "--daemon", "--no-detach",
                                  "--log-level",       "notice",   "--log-stderr"};
    argv.insert(argv.end(), defaults.begin(), defaults.end());
    // Distributions disagree on distccd's default user (Debian: distccd): name ours.
    if (facts.running_as_root && !has_option(extra, {"--user"})) {
        argv.insert(argv.end(), {"--user", std::string(defaults::k_worker_user)});
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

namespace entrypoint {

void add_served_compilers(Plan& plan, const util::Environment& environment,
                          const SystemFacts& facts) {
    if (auto list = util::lookup(environment, "DISTCC_CMDLIST")) {
        plan.compilers_note =
            fmt::format("DISTCC_CMDLIST={:?} is set: distccd serves that list", *list);
        plan.checks.push_back("compilers: " + *plan.compilers_note);
        return;
    }
    if (!facts.compiler_links_writable) {
        plan.compilers_note = fmt::format(
            "{} is not writable by this user: distccd's own whitelist (/usr/lib/distcc) decides",
            defaults::k_compiler_links_dir);
        plan.checks.push_back("compilers: " + *plan.compilers_note);
        return;
    }
    auto served = serve_bundles(facts.toolchains, facts.bundle_toolchains);
    LinkCompilers step{served,
                       std::string(defaults::k_compiler_links_dir),
                       std::string(defaults::k_compiler_list_file),
                       std::nullopt,
                       std::string(defaults::k_compiler_real_links_dir),
                       std::string(defaults::k_compiler_image_links_dir),
                       listed_compiler_names(served)};
    // ccache finds the compiler by the name it was called with, skipping itself in PATH: the
    // served names lead to ccache, and the real compilers wait under the same names next.
    auto path = plan.environment.find("PATH");
    if (plan.environment.contains("CCACHE_DIR") && facts.ccache_path &&
        path != plan.environment.end()) {
        step.through = facts.ccache_path;
        auto masquerade = *facts.ccache_masquerade_dir + ":";
        path->second =
            masquerade + step.real_directory + ":" + path->second.substr(masquerade.size());
    }
    plan.environment["DISTCC_CMDLIST"] = step.list_file;
    plan.compilers = std::move(served);
    plan.steps.emplace_back(std::move(step));
}

} // namespace entrypoint
