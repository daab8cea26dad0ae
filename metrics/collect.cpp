#include "metrics/collect.hpp"

#include "entrypoint/plan/defaults.hpp"
#include "entrypoint/plan/passwd_file.hpp"
#include "metrics/ccache_stats.hpp"
#include "metrics/distccd_stats.hpp"
#include "supervisor/process_table.hpp"
#include "supervisor/run_helper.hpp"
#include "util/counts_file.hpp"
#include "util/environment.hpp"
#include "util/files.hpp"
#include "util/paths.hpp"
#include "util/tcp_probe.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <dirent.h>
#include <map>
#include <set>
#include <unistd.h>

namespace metrics {
namespace {

// The first line a helper printed, when it exited 0.
std::optional<std::string> first_line_of(const std::vector<std::string>& argv,
                                         const supervisor::HelperLimits& limits = {}) {
    auto result = supervisor::run_helper(argv, supervisor::capture_current_signals(), limits);
    if (result.exit_code != 0) {
        return std::nullopt;
    }
    auto line = util::trim(util::split(result.output, '\n').front());
    return line.empty() ? std::nullopt : std::optional<std::string>(line);
}

// ccache reads its statistics from the cache, which the worker's users may write (the SSH
// user is in its group): as root it would trust what they wrote, and a FIFO there would hold
// it. It runs as the worker's user, and for a few seconds at most.
supervisor::HelperLimits ccache_limits() {
    supervisor::HelperLimits limits{std::nullopt, std::nullopt, 5};
    if (geteuid() == 0) {
        auto users = entrypoint::parse_passwd(util::read_text_file("/etc/passwd").value_or(""));
        if (auto user = entrypoint::find_user(users, entrypoint::defaults::k_worker_user)) {
            limits.uid = user->uid;
            limits.gid = user->gid;
        }
    }
    return limits;
}

// Compilers distccd runs right now: children of distccd processes that are not distccd.
double count_running_jobs(const std::vector<util::ProcessEntry>& table) {
    std::set<pid_t> daemons;
    for (const auto& entry : table) {
        if (entry.name == "distccd") {
            daemons.insert(entry.pid);
        }
    }
    return static_cast<double>(std::ranges::count_if(table, [&](const auto& entry) {
        return entry.name != "distccd" && daemons.contains(entry.parent_pid);
    }));
}

std::vector<Family> worker_families(const Sources& sources, const WorkerFacts& facts) {
    std::vector<Family> families{
        {"distcc_init_info",
         "The worker: distcc-init's version and mode (value 1)",
         "gauge",
         {{{{"version", facts.version}, {"mode", sources.worker_mode}}, 1}}},
        single("distcc_init_start_time_seconds", "When the worker started, since the epoch",
               "gauge", facts.start_time_seconds)};
    Family compilers{"distcc_compiler_info",
                     "A compiler name distccd serves, with its version and target (value 1)",
                     "gauge",
                     {}};
    for (const auto& compiler : facts.compilers) {
        compilers.samples.push_back({{{"compiler", compiler.name},
                                      {"version", compiler.version},
                                      {"target", compiler.target}},
                                     1});
        if (!compiler.bundle.empty()) {
            compilers.samples.back().labels.insert(
                compilers.samples.back().labels.end(),
                {{"bundle", compiler.bundle}, {"origin", compiler.origin}});
        }
    }
    families.push_back(std::move(compilers));
    return families;
}

std::vector<Family> session_families(const SessionCounts& counts) {
    return {{"distcc_init_ssh_sessions_total",
             "SSH sessions served, by what the relay did",
             "counter",
             {{{{"outcome", "compile"}}, counts.compile},
              {{{"outcome", "command"}}, counts.command},
              {{{"outcome", "refused"}}, counts.refused}}},
            single("distcc_init_ssh_sessions_active", "SSH compile sessions being relayed now",
                   "gauge", counts.active)};
}

// The compiler guard's refusals by family, every family shown (0 until one happens).
Family guard_family(const std::string& counts_file) {
    static constexpr std::array<std::string_view, 7> k_families{
        "program", "plugin", "file", "profile", "unknown", "job", "not_served"};
    auto counts = util::read_counts(counts_file).value_or(util::Counts{});
    Family family{"distcc_guard_refused_total",
                  "Compiles the compiler guard refused, by what the arguments asked for",
                  "counter",
                  {}};
    for (auto name : k_families) {
        auto found = counts.find(name);
        family.samples.push_back(
            {{{"family", std::string(name)}}, found == counts.end() ? 0 : found->second});
    }
    return family;
}

// The binary behind a link, for grouping the names that lead to one.
std::string real_path_of(const std::string& path) {
    char* real = realpath(path.c_str(), nullptr);
    if (real == nullptr) {
        return path;
    }
    std::string result(real);
    std::free(real);
    return result;
}

// The served names and the program each runs: distcc-init's links when DISTCC_CMDLIST is its
// list (with ccache in between, the links ccache leads to: ccache would count each question),
// else distccd's whitelist /usr/lib/distcc, the names found in PATH without ccache's.
std::vector<std::pair<std::string, std::string>> served_programs() {
    auto environment = util::read_process_environment();
    std::vector<std::pair<std::string, std::string>> programs;
    auto real_links = util::lookup(environment, "DISTCC_GUARD_COMPILERS");
    if (real_links && util::lookup(environment, "DISTCC_CMDLIST")) {
        auto list = util::read_untrusted_file(environment["DISTCC_CMDLIST"], 1 << 20).value_or("");
        for (auto line : util::split(list, '\n')) {
            auto path = std::string(util::trim(line));
            std::string name(util::file_name(path));
            auto direct = *real_links + "/" + name;
            // Names listed ahead of time that nothing serves (yet) have no compiler to ask.
            if (!name.empty() && util::read_symlink(direct)) {
                programs.emplace_back(name, direct);
            }
        }
        return programs;
    }
    DIR* whitelist = opendir("/usr/lib/distcc");
    if (whitelist == nullptr) {
        return programs;
    }
    std::vector<std::string> names;
    while (const dirent* entry = readdir(whitelist)) {
        if (entry->d_name[0] != '.') {
            names.emplace_back(entry->d_name);
        }
    }
    closedir(whitelist);
    std::ranges::sort(names);
    std::string path_without_ccache;
    for (auto directory : util::split(environment["PATH"], ':')) {
        if (std::ranges::find(entrypoint::defaults::k_ccache_masquerade_dirs, directory) ==
            entrypoint::defaults::k_ccache_masquerade_dirs.end()) {
            if (!path_without_ccache.empty()) {
                path_without_ccache += ':';
            }
            path_without_ccache.append(directory);
        }
    }
    environment["PATH"] = path_without_ccache;
    for (const auto& name : names) {
        if (auto path = util::find_in_path(name, environment)) {
            programs.emplace_back(name, *path);
        }
    }
    return programs;
}

// The bundle a compiler of the toolchain store belongs to: its id (12 digits) and origin.
std::pair<std::string, std::string> bundle_of(const std::string& real_path) {
    auto store = util::lookup(util::read_process_environment(), "DISTCC_GUARD_BUNDLES");
    auto installed = store ? util::normalize_path(*store + "/installed") : std::string();
    if (!store || !util::is_within(real_path, installed)) {
        return {};
    }
    auto id = util::split(std::string_view(real_path).substr(installed.size() + 1), '/').front();
    auto origin = util::read_untrusted_file(installed + "/" + std::string(id) + "/origin", 4096);
    return {std::string(id.substr(0, 12)), std::string(util::trim(origin.value_or("")))};
}

} // namespace

std::optional<CcacheStats> read_ccache_stats() {
    auto limits = ccache_limits();
    if (geteuid() == 0 && !limits.uid) {
        return std::nullopt; // no worker user to run it as
    }
    auto output = supervisor::run_helper({"ccache", "--print-stats"},
                                         supervisor::capture_current_signals(), limits);
    auto counters = output.exit_code == 0 ? parse_ccache_counters(output.output) : std::nullopt;
    if (!counters) {
        return std::nullopt;
    }
    CcacheStats stats{*counters, std::nullopt};
    if (auto size = first_line_of({"ccache", "--get-config", "max_size"}, limits)) {
        stats.max_size_bytes = parse_ccache_size(*size);
    }
    return stats;
}

std::vector<Compiler> find_served_compilers() {
    std::vector<Compiler> compilers;
    // One question per binary, for the companion's life: distcc-init serves each compiler under
    // many names, and a pushed bundle's binaries never change (a new push is a new path).
    static std::map<std::string, std::optional<std::pair<std::string, std::string>>> answers;
    for (const auto& [name, path] : served_programs()) {
        auto real = real_path_of(path);
        auto [answer, added] = answers.try_emplace(real);
        if (added) {
            auto version = first_line_of({path, "-dumpfullversion"});
            if (!version) {
                version = first_line_of({path, "-dumpversion"});
            }
            auto target = first_line_of({path, "-dumpmachine"});
            if (version && target) {
                answer->second = std::pair{*version, *target};
            }
        }
        if (answer->second) {
            auto [bundle, origin] = bundle_of(real);
            compilers.push_back(
                {name, answer->second->first, answer->second->second, bundle, origin});
        }
    }
    return compilers;
}

std::vector<Family> collect(const Sources& sources, const WorkerFacts& facts,
                            std::chrono::milliseconds timeout,
                            const std::optional<SessionCounts>& sessions) {
    auto families = worker_families(sources, facts);
    auto page = util::http_get(sources.stats_address, sources.stats_port,
                               std::chrono::steady_clock::now() + timeout);
    auto stats = page ? parse_distccd_stats(page.text) : std::nullopt;
    for (auto& family : distccd_families(stats)) {
        families.push_back(std::move(family));
    }
    auto table = supervisor::read_process_table();
    families.push_back(single("distcc_jobs_running", "Compilers distccd is running now", "gauge",
                              count_running_jobs(table)));
    if (sources.ccache) {
        for (auto& family : ccache_families(read_ccache_stats())) {
            families.push_back(std::move(family));
        }
    }
    if (sources.guard_counts) {
        families.push_back(guard_family(*sources.guard_counts));
    }
    if (sessions) {
        for (auto& family : session_families(*sessions)) {
            families.push_back(std::move(family));
        }
    }
    return families;
}

} // namespace metrics
