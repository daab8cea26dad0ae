#include "client/check_command.hpp"

#include "client/host_list.hpp"
#include "client/object_identity.hpp"
#include "client/probe_pool.hpp"
#include "client/toolchain_pack.hpp"
#include "client/toolchain_push.hpp"
#include "entrypoint/plan/toolchains.hpp"
#include "supervisor/run_helper.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/refusal.hpp"
#include "util/socket_address.hpp"
#include "util/tcp_probe.hpp"
#include "util/text.hpp"

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <map>
#include <unistd.h>

namespace client {
namespace {

// A probe the compiler proper must see: distcc sends it preprocessed.
// coreutils timeout's exit code when the time ran out.
constexpr int k_exit_timed_out = 124;

constexpr std::string_view k_probe = "int distcc_init_probe(int x) { return x * 7; }\n";

std::string last_line(std::string_view output) {
    auto lines = util::split(util::trim(output), '\n');
    return lines.empty() ? std::string() : std::string(util::trim(lines.back()));
}

// The compilers a client of this machine uses: gcc and g++ under the triple names distcc
// sends for them, and $CC / $CXX (their compiler word, not a ccache or distcc before it).
std::vector<std::string> default_compilers(const util::Environment& environment) {
    auto machine =
        supervisor::run_helper({"gcc", "-dumpmachine"}, supervisor::capture_current_signals());
    if (machine.exit_code != 0) {
        throw util::Refusal(util::k_exit_missing_program,
                            "gcc does not answer here: name the compilers to check with "
                            "--compiler NAME");
    }
    auto triple = std::string(util::trim(machine.output));
    std::vector<std::string> compilers{triple + "-gcc", triple + "-g++"};
    for (const auto* variable : {"CC", "CXX"}) {
        for (auto word : util::split_words(util::lookup(environment, variable).value_or(""))) {
            if (word != "ccache" && word != "distcc") {
                if (std::ranges::find(compilers, word) == compilers.end()) {
                    compilers.emplace_back(word);
                }
                break;
            }
        }
    }
    return compilers;
}

// Why the client got no object, in a few words.
std::string explain_failure(const supervisor::HelperResult& result, const std::string& seconds) {
    if (result.exit_code == k_exit_timed_out) {
        return fmt::format("no answer within {} s", seconds);
    }
    // A name not on the worker's list gets no answer; the guard refuses a listed name the
    // worker does not serve (now) with a line of its own.
    if (result.output.find("server provided no answer") != std::string::npos ||
        result.output.find("this worker does not serve that compiler") != std::string::npos) {
        return "the worker refused the name or has no such compiler";
    }
    auto line = last_line(result.output);
    // "distcc[123] (dcc_function) ERROR: what": the what.
    auto error = line.find("ERROR: ");
    return error == std::string::npos ? line : line.substr(error + 7);
}

class Checker {
  public:
    Checker(const CheckRequest& request, std::string directory)
        : m_request(request), m_directory(std::move(directory)) {}

    // The compiler's object of the probe made here; refuses when it does not compile.
    ObjectIdentity compile_here(const std::string& compiler) {
        auto object = next_object();
        auto result = run({compiler, "-c", source_for(compiler), "-o", object});
        auto identity = read_identity(object);
        if (result.exit_code != 0 || !identity) {
            throw util::Refusal(
                util::k_exit_missing_program,
                fmt::format("{} does not compile here: {}", compiler, last_line(result.output)));
        }
        return *identity;
    }

    CheckRow check(const HostSpec& host, const std::string& compiler, const ObjectIdentity& local) {
        CheckRow row{host.name, compiler, CheckResult::not_served, local, std::nullopt, ""};
        if (auto problem = unreachable(host)) {
            row.result = CheckResult::unreachable;
            row.detail = *problem;
            return row;
        }
        auto object = next_object();
        auto seconds = std::to_string(timeout_seconds());
        // A fresh DISTCC_DIR each time: distcc's backoff marks a host after a refusal, which
        // ends the client's retries at once (with DISTCC_BACKOFF_PERIOD=0 it retries until
        // killed) but must not count against the next compiler.
        auto state = object + ".state";
        if (auto problem = util::make_directories(state, 0700)) {
            throw util::Refusal(util::k_exit_failure, *problem);
        }
        auto result =
            run({"env", "DISTCC_HOSTS=" + host.spec, "DISTCC_FALLBACK=0",
                 "DISTCC_SKIP_LOCAL_RETRY=1", "DISTCC_DIR=" + state, "DISTCC_IO_TIMEOUT=" + seconds,
                 "distcc", compiler, "-c", source_for(compiler), "-o", object});
        row.worker = result.exit_code == 0 ? read_identity(object) : std::nullopt;
        if (!row.worker) {
            row.detail = explain_failure(result, seconds);
            if (host.ssh && row.detail.find("ssh:") != std::string::npos) {
                row.result = CheckResult::unreachable;
            }
            return row;
        }
        row.result = compare_identities(local, *row.worker);
        return row;
    }

  private:
    long timeout_seconds() const {
        return std::max<long>(1, static_cast<long>(m_request.timeout.count() + 999) / 1000);
    }

    // Every compile is bounded: a client whose name is refused may wait for ever.
    supervisor::HelperResult run(std::vector<std::string> argv) const {
        argv.insert(argv.begin(), {"timeout", std::to_string(timeout_seconds())});
        return supervisor::run_helper(argv, supervisor::capture_current_signals());
    }

    std::optional<std::string> unreachable(const HostSpec& host) const {
        if (host.ssh) {
            return std::nullopt; // ssh says so itself
        }
        std::vector<std::string> unresolved;
        auto addresses = resolve_pool({host.address}, unresolved);
        if (addresses.empty()) {
            return "does not resolve to an address here";
        }
        std::string error;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        if (!util::can_connect(addresses.front(), host.port.value_or(k_distcc_port), deadline,
                               error)) {
            return error;
        }
        return std::nullopt;
    }

    std::string source_for(const std::string& compiler) const {
        auto name = entrypoint::parse_compiler_name(util::file_name(compiler));
        bool cxx = name && entrypoint::language_of(*name) == entrypoint::Language::cxx;
        return m_directory + (cxx ? "/probe.cpp" : "/probe.c");
    }

    std::string next_object() { return fmt::format("{}/probe-{}.o", m_directory, ++m_objects); }

    static std::optional<ObjectIdentity> read_identity(const std::string& path) {
        auto bytes = util::read_text_file(path);
        return bytes ? read_object_identity(*bytes) : std::nullopt;
    }

    const CheckRequest& m_request;
    std::string m_directory;
    int m_objects = 0;
};

std::vector<HostSpec> hosts_to_check(const CheckRequest& request,
                                     const util::Environment& environment) {
    auto line = request.hosts.empty() ? util::lookup(environment, "DISTCC_HOSTS").value_or("")
                                      : fmt::format("{}", fmt::join(request.hosts, " "));
    std::string problem;
    auto hosts = parse_distcc_hosts(line, problem);
    if (!problem.empty()) {
        throw util::Refusal(util::k_exit_usage, "host " + problem);
    }
    std::erase_if(hosts, [](const HostSpec& host) {
        if (host.localhost) {
            std::fputs("localhost: compiles here, not checked\n", stderr);
        }
        return host.localhost;
    });
    if (hosts.empty()) {
        throw util::Refusal(util::k_exit_usage,
                            "no host to check: give hosts (HOST[:PORT] or @HOST) or set "
                            "DISTCC_HOSTS");
    }
    return hosts;
}

// Packs the compilers that are missing or differ on a reachable worker, once, and pushes the
// bundle to those workers; one line per push on stderr.
void push_where_needed(const std::vector<CheckRow>& rows, const std::vector<HostSpec>& hosts,
                       const CheckRequest& request, const util::Environment& environment) {
    std::vector<std::string> compilers;
    std::vector<HostSpec> targets;
    for (const auto& row : rows) {
        if (row.result == CheckResult::ok || row.result == CheckResult::unreachable) {
            continue;
        }
        if (std::ranges::find(compilers, row.compiler) == compilers.end()) {
            compilers.push_back(row.compiler);
        }
        auto host = std::ranges::find_if(hosts, [&](const auto& h) { return h.name == row.host; });
        if (std::ranges::none_of(targets, [&](const auto& h) { return h.name == row.host; })) {
            targets.push_back(*host);
        }
    }
    if (compilers.empty()) {
        return;
    }
    auto temporary = util::lookup(environment, "TMPDIR").value_or("/tmp");
    auto packed = pack_toolchain(
        {compilers, fmt::format("{}/distcc-init-check-{}.tar.gz", temporary, getpid()),
         request.packer},
        environment);
    std::fputs(
        fmt::format("packed bundle {}: {}\n", packed.id.substr(0, 12), packed.description).c_str(),
        stderr);
    for (const auto& host : targets) {
        auto outcome =
            push_bundle(host, packed.path, packed.id, false, std::chrono::minutes(5), environment);
        std::fputs(
            fmt::format("{}: {}{}\n", host.name, outcome.ok ? "" : "push refused: ", outcome.text)
                .c_str(),
            stderr);
    }
    unlink(packed.path.c_str());
}

} // namespace

int run_check(const CheckRequest& request, const util::Environment& environment) {
    auto hosts = hosts_to_check(request, environment);
    if (!util::find_in_path("distcc", environment)) {
        throw util::Refusal(util::k_exit_missing_program,
                            "distcc is not installed here (not found in PATH)");
    }
    auto compilers = request.compilers.empty() ? default_compilers(environment) : request.compilers;
    auto temporary =
        util::lookup(environment, "TMPDIR").value_or("/tmp") + "/distcc-init-check.XXXXXX";
    if (mkdtemp(temporary.data()) == nullptr) {
        throw util::Refusal(util::k_exit_failure,
                            util::describe_errno("cannot create " + temporary));
    }
    std::vector<CheckRow> rows;
    try {
        for (const auto* name : {"probe.c", "probe.cpp"}) {
            if (auto problem = util::write_file_atomically(temporary + "/" + name, k_probe)) {
                throw util::Refusal(util::k_exit_failure, *problem);
            }
        }
        Checker checker(request, temporary);
        std::map<std::string, ObjectIdentity> locals;
        for (const auto& compiler : compilers) {
            locals.emplace(compiler, checker.compile_here(compiler));
            for (const auto& host : hosts) {
                rows.push_back(checker.check(host, compiler, locals.at(compiler)));
            }
        }
        if (request.push) {
            push_where_needed(rows, hosts, request, environment);
            for (auto& row : rows) {
                if (row.result != CheckResult::ok && row.result != CheckResult::unreachable) {
                    auto host = std::ranges::find_if(
                        hosts, [&](const HostSpec& spec) { return spec.name == row.host; });
                    row = checker.check(*host, row.compiler, locals.at(row.compiler));
                }
            }
        }
    } catch (...) {
        util::remove_tree(temporary);
        throw;
    }
    util::remove_tree(temporary);
    auto text = request.json ? render_check_json(rows) : render_check_table(rows);
    std::fwrite(text.data(), 1, text.size(), stdout);
    bool all_ok = std::ranges::all_of(
        rows, [](const CheckRow& row) { return row.result == CheckResult::ok; });
    return all_ok ? 0 : util::k_exit_failure;
}

} // namespace client
