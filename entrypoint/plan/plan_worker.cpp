// The parts both worker modes share: the distcc account, ccache, and distccd's command.
#include "entrypoint/plan/cpu_limit.hpp"
#include "entrypoint/plan/daemon_arguments.hpp"
#include "entrypoint/plan/environment_values.hpp"
#include "entrypoint/plan/plan_parts.hpp"
#include "entrypoint/plan/toolchain_bundles.hpp"
#include "util/exit_codes.hpp"
#include "util/refusal.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <map>

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

namespace {

// The names and paths of a DISTCC_CMDLIST file: one absolute path a line, served under its
// file name.
std::map<std::string, std::string> parse_command_list(std::string_view text) {
    std::map<std::string, std::string> listed;
    for (auto line : util::split(text, '\n')) {
        auto path = util::trim(line);
        if (path.starts_with("/") && !path.ends_with("/")) {
            listed.emplace(std::string(util::file_name(path)), std::string(path));
        }
    }
    return listed;
}

} // namespace

void add_served_compilers(Plan& plan, const util::Environment& environment,
                          const SystemFacts& facts) {
    if (!facts.guard_path) {
        throw util::Refusal(
            util::k_exit_missing_program,
            fmt::format("{} is not installed beside distcc-init ({}): every served compiler runs "
                        "through it",
                        defaults::k_guard_name, facts.self_path));
    }
    // A user who cannot write the run directory (a worker started by hand, not as root) keeps
    // the links in a directory of its own, which provisioning creates 0700 and refuses to
    // take over from anyone else.
    auto base =
        facts.compiler_links_writable ? std::string(defaults::k_run_dir) : facts.private_run_dir;
    if (!facts.compiler_links_writable) {
        plan.steps.emplace_back(
            PrepareDirectory{base, "", "", 0700,
                             fmt::format("the compiler links: {} is not writable by this user",
                                         defaults::k_run_dir)});
    }
    auto place = [&](std::string_view name) { return base + "/" + std::string(name); };
    // Pushed bundles' compilers serve their names on top of the image's.
    auto served = serve_bundles(facts.toolchains, facts.bundle_toolchains);
    LinkCompilers step{served,
                       place(defaults::k_compiler_links),
                       place(defaults::k_compiler_list),
                       *facts.guard_path,
                       place(defaults::k_compiler_real_links),
                       {},
                       place(defaults::k_compiler_image_links),
                       {}};
    if (auto list = util::lookup(environment, "DISTCC_CMDLIST")) {
        step.listed = parse_command_list(facts.command_list.value_or(""));
        if (step.listed.empty()) {
            throw util::Refusal(util::k_exit_configuration,
                                fmt::format("DISTCC_CMDLIST={:?} names no compiler: expected a "
                                            "readable file with one absolute path a line",
                                            *list));
        }
        step.served = {};
        plan.compilers_note =
            fmt::format("DISTCC_CMDLIST={:?} is set: its {} name(s) are served, through the guard",
                        *list, step.listed.size());
        plan.checks.push_back("compilers: " + *plan.compilers_note);
    } else {
        step.shaped = compiler_shaped_listing(served);
        plan.compilers = std::move(served);
    }
    plan.environment["DISTCC_CMDLIST"] = step.list_file;
    plan.environment["DISTCC_GUARD_COMPILERS"] = step.real_directory;
    plan.environment["DISTCC_GUARD_COUNTS"] = place(defaults::k_guard_counts);
    plan.environment["DISTCC_GUARD_LOG_FD"] = std::to_string(supervisor::k_log_fd);
    plan.environment["DISTCC_GUARD_BUNDLES"] = facts.toolchain_store;
    if (plan.environment.contains("CCACHE_DIR") && facts.ccache_path) {
        plan.environment["DISTCC_GUARD_CCACHE"] = *facts.ccache_path;
    }
    plan.environment["DISTCC_GUARD_DRAIN_FILE"] = place(defaults::k_drain_marker);
    if (facts.distccd_path) {
        plan.programs.log_fd_program = *facts.distccd_path;
        // The port that drains is the daemon's: set by each mode once it is known.
        plan.programs.drain_marker = place(defaults::k_drain_marker);
        plan.health.drain_marker = plan.programs.drain_marker;
    }
    std::string owner(facts.running_as_root ? defaults::k_worker_user : "");
    std::string group(facts.running_as_root ? defaults::k_worker_group : "");
    plan.steps.emplace_back(PrepareDirectory{place(defaults::k_guard_dir), owner, group, 0755,
                                             "the compiler guard's refusal counts"});
    plan.steps.emplace_back(std::move(step));
}

} // namespace entrypoint
