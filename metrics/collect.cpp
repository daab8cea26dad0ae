#include "metrics/collect.hpp"

#include "entrypoint/plan/defaults.hpp"
#include "metrics/ccache_stats.hpp"
#include "metrics/distccd_stats.hpp"
#include "relay/session_counts.hpp"
#include "supervisor/process_table.hpp"
#include "supervisor/run_helper.hpp"
#include "util/environment.hpp"
#include "util/files.hpp"
#include "util/tcp_probe.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cstdlib>
#include <dirent.h>
#include <map>
#include <set>

namespace metrics {
namespace {

// The first line a helper printed, when it exited 0.
std::optional<std::string> first_line_of(const std::vector<std::string>& argv) {
    auto result = supervisor::run_helper(argv, supervisor::capture_current_signals());
    if (result.exit_code != 0) {
        return std::nullopt;
    }
    auto line = util::trim(util::split(result.output, '\n').front());
    return line.empty() ? std::nullopt : std::optional<std::string>(line);
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

// SSH sessions being relayed now: distcc-relay processes (one per session; a session that
// runs another command has replaced the relay with the user's shell).
double count_active_relays(const std::vector<util::ProcessEntry>& table) {
    return static_cast<double>(std::ranges::count_if(
        table, [](const auto& entry) { return entry.name == "distcc-relay"; }));
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
    }
    families.push_back(std::move(compilers));
    return families;
}

std::vector<Family> session_families(const std::string& counts_file,
                                     const std::vector<util::ProcessEntry>& table) {
    auto counts = relay::read_session_counts(counts_file).value_or(relay::SessionCounts{});
    return {{"distcc_init_ssh_sessions_total",
             "SSH sessions served, by what the relay did",
             "counter",
             {{{{"outcome", "compile"}}, counts.compile},
              {{{"outcome", "command"}}, counts.command},
              {{{"outcome", "refused"}}, counts.refused}}},
            single("distcc_init_ssh_sessions_active", "SSH compile sessions being relayed now",
                   "gauge", count_active_relays(table))};
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
        auto list = util::read_text_file(environment["DISTCC_CMDLIST"]).value_or("");
        for (auto line : util::split(list, '\n')) {
            auto path = std::string(util::trim(line));
            std::string name(util::file_name(path));
            auto direct = *real_links + "/" + name;
            if (!name.empty()) {
                programs.emplace_back(name, util::read_symlink(direct) ? direct : path);
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

} // namespace

std::optional<CcacheStats> read_ccache_stats() {
    auto output =
        supervisor::run_helper({"ccache", "--print-stats"}, supervisor::capture_current_signals());
    auto counters = output.exit_code == 0 ? parse_ccache_counters(output.output) : std::nullopt;
    if (!counters) {
        return std::nullopt;
    }
    CcacheStats stats{*counters, std::nullopt};
    if (auto size = first_line_of({"ccache", "--get-config", "max_size"})) {
        stats.max_size_bytes = parse_ccache_size(*size);
    }
    return stats;
}

std::vector<Compiler> find_served_compilers() {
    std::vector<Compiler> compilers;
    // One question per binary: distcc-init serves each compiler under many names.
    std::map<std::string, std::optional<std::pair<std::string, std::string>>> answers;
    for (const auto& [name, path] : served_programs()) {
        auto [answer, added] = answers.try_emplace(real_path_of(path));
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
            compilers.push_back({name, answer->second->first, answer->second->second});
        }
    }
    return compilers;
}

std::vector<Family> collect(const Sources& sources, const WorkerFacts& facts,
                            std::chrono::milliseconds timeout) {
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
    if (sources.session_counts) {
        for (auto& family : session_families(*sources.session_counts, table)) {
            families.push_back(std::move(family));
        }
    }
    return families;
}

} // namespace metrics
