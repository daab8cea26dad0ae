#include "client/toolchain_push.hpp"

#include "client/probe_pool.hpp"
#include "client/toolchain_pack.hpp"
#include "entrypoint/plan/defaults.hpp"
#include "toolchain/bundle/push_protocol.hpp"
#include "toolchain/system/install_bundle.hpp"
#include "toolchain/system/line_channel.hpp"
#include "toolchain/system/run_tool.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/number.hpp"
#include "util/refusal.hpp"
#include "util/tcp_probe.hpp"
#include "util/text.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace client {
namespace {

using Clock = std::chrono::steady_clock;

// Each wait of a push: a worker installing a large bundle answers within it.
constexpr auto k_idle = std::chrono::minutes(5);

std::optional<std::string> read_token(const util::Environment& environment) {
    if (auto token = util::lookup(environment, "DISTCC_TOOLCHAIN_TOKEN")) {
        return *token;
    }
    if (auto file = util::lookup(environment, "DISTCC_TOOLCHAIN_TOKEN_FILE")) {
        auto text = util::read_text_file(*file);
        if (!text) {
            throw util::Refusal(
                util::k_exit_usage,
                util::describe_errno("DISTCC_TOOLCHAIN_TOKEN_FILE=" + *file + " cannot be read"));
        }
        return std::string(util::trim(*text));
    }
    return std::nullopt;
}

// The conversation itself, once connected. The token is needed only if the worker asks.
PushOutcome converse(toolchain::LineChannel& channel, const std::string& host,
                     const std::string& file, const std::string& id, bool replace,
                     const std::optional<std::string>& token) {
    PushOutcome outcome{host, false, ""};
    auto first = channel.read_line();
    auto greeting = first ? toolchain::parse_greeting(*first) : std::nullopt;
    if (!greeting) {
        outcome.text = first ? fmt::format("does not take toolchains (it said {:?})",
                                           util::escape_control_characters(first->substr(0, 80)))
                             : "does not take toolchains (no answer)";
        return outcome;
    }
    struct stat info {};
    if (stat(file.c_str(), &info) != 0) {
        outcome.text = util::describe_errno("cannot read " + file);
        return outcome;
    }
    toolchain::Request request =
        toolchain::PushRequest{id, static_cast<std::uint64_t>(info.st_size), replace};
    std::string mac = "-";
    if (greeting->auth == toolchain::PushAuth::token) {
        if (!token) {
            outcome.text = "the worker asks for its push token: set DISTCC_TOOLCHAIN_TOKEN or "
                           "DISTCC_TOOLCHAIN_TOKEN_FILE here";
            return outcome;
        }
        mac = toolchain::request_mac(*token, greeting->nonce, request);
    }
    if (!channel.send(toolchain::format_request(request, mac))) {
        outcome.text = "the connection ended";
        return outcome;
    }
    while (true) {
        auto line = channel.read_line();
        auto reply = line ? toolchain::parse_reply(*line) : std::nullopt;
        if (!reply) {
            outcome.text = "the worker gave no answer in time";
            return outcome;
        }
        switch (reply->kind) {
        case toolchain::ReplyKind::send:
            if (!channel.send_file(file)) {
                outcome.text = "the connection ended while the bundle was sent";
                return outcome;
            }
            break;
        case toolchain::ReplyKind::present:
            break; // it has the bundle: nothing is sent
        case toolchain::ReplyKind::ok:
            outcome.ok = true;
            outcome.text = reply->text;
            return outcome;
        case toolchain::ReplyKind::error:
            outcome.text = reply->text;
            return outcome;
        }
    }
}

PushOutcome push_over_tcp(const HostSpec& host, const std::string& file, const std::string& id,
                          bool replace, Clock::time_point deadline,
                          const util::Environment& environment) {
    PushOutcome outcome{host.name, false, ""};
    std::vector<std::string> unresolved;
    auto addresses = resolve_pool({host.address}, unresolved);
    if (addresses.empty()) {
        outcome.text = "does not resolve to an address here";
        return outcome;
    }
    auto port = static_cast<std::uint16_t>(host.port.value_or(k_distcc_port) +
                                           entrypoint::defaults::k_toolchain_port_offset);
    if (auto given = util::lookup(environment, "DISTCC_TOOLCHAIN_PORT")) {
        auto parsed = util::parse_port(*given);
        if (!parsed) {
            throw util::Refusal(
                util::k_exit_usage,
                fmt::format("DISTCC_TOOLCHAIN_PORT={:?}: expected a TCP port", *given));
        }
        port = *parsed;
    }
    std::string error;
    int fd = util::connect_numeric(addresses.front(), port, deadline, error);
    if (fd < 0) {
        outcome.text = fmt::format("its push endpoint (port {}) is unreachable: {}", port, error);
        return outcome;
    }
    util::UniqueFd socket(fd);
    toolchain::LineChannel channel(fd, fd, k_idle, deadline);
    return converse(channel, host.name, file, id, replace, read_token(environment));
}

PushOutcome push_over_ssh(const HostSpec& host, const std::string& file, const std::string& id,
                          bool replace, Clock::time_point deadline,
                          const util::Environment& environment) {
    PushOutcome outcome{host.name, false, ""};
    // "@host" and "user@host", without distcc's ":/path/to/distccd".
    auto destination = host.name.starts_with('@') ? host.name.substr(1) : host.name;
    destination = destination.substr(0, destination.find(':'));
    auto ssh = util::lookup(environment, "DISTCC_SSH").value_or("ssh");
    auto program = ssh.find('/') != std::string::npos ? std::optional(ssh)
                                                      : util::find_in_path(ssh, environment);
    if (!program) {
        outcome.text = ssh + " is not found in PATH";
        return outcome;
    }
    int to_ssh[2];
    int from_ssh[2];
    if (pipe2(to_ssh, O_CLOEXEC) != 0 || pipe2(from_ssh, O_CLOEXEC) != 0) {
        outcome.text = util::describe_errno("pipe");
        return outcome;
    }
    std::vector<std::string> environment_words;
    for (const auto& [name, value] : environment) {
        environment_words.push_back(name + "=" + value);
    }
    toolchain::ToolRun run;
    run.argv = {*program, destination, "distcc-init", "toolchains", "receive"};
    run.environment = environment_words;
    run.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    run.input_fd = to_ssh[0];
    run.output_fd = from_ssh[1];
    auto started = toolchain::start_tool(run);
    close(to_ssh[0]);
    close(from_ssh[1]);
    int writer = to_ssh[1];
    int reader = from_ssh[0];
    if (const auto* problem = std::get_if<std::string>(&started)) {
        close(writer);
        close(reader);
        outcome.text = *problem;
        return outcome;
    }
    toolchain::LineChannel channel(reader, writer, k_idle, deadline);
    outcome = converse(channel, host.name, file, id, replace, std::nullopt);
    close(writer); // ssh ends once its input does
    close(reader);
    auto result = std::get<toolchain::RunningTool>(started).finish();
    if (!outcome.ok && outcome.text.starts_with("does not take toolchains") &&
        !util::trim(result.output).empty()) {
        outcome.text = "ssh: " + toolchain::last_words(result);
    }
    return outcome;
}

std::optional<std::string> hosts_file_line(const util::Environment& environment) {
    std::vector<std::string> files;
    if (auto directory = util::lookup(environment, "DISTCC_DIR")) {
        files.push_back(*directory + "/hosts");
    } else if (auto home = util::lookup(environment, "HOME")) {
        files.push_back(*home + "/.distcc/hosts");
    }
    files.emplace_back("/etc/distcc/hosts");
    for (const auto& file : files) {
        if (auto text = util::read_text_file(file)) {
            std::string line;
            for (auto raw : util::split(*text, '\n')) {
                auto content = util::trim(raw.substr(0, raw.find('#')));
                line += std::string(content) + " ";
            }
            return line;
        }
    }
    return std::nullopt;
}

} // namespace

std::vector<HostSpec> push_hosts(const std::vector<std::string>& given,
                                 const util::Environment& environment) {
    auto line = !given.empty() ? fmt::format("{}", fmt::join(given, " "))
                               : util::lookup(environment, "DISTCC_HOSTS")
                                     .value_or(hosts_file_line(environment).value_or(""));
    std::string problem;
    auto hosts = parse_distcc_hosts(line, problem);
    if (!problem.empty()) {
        throw util::Refusal(util::k_exit_usage, "host " + problem);
    }
    std::erase_if(hosts, [](const HostSpec& host) { return host.localhost; });
    if (hosts.empty()) {
        throw util::Refusal(util::k_exit_usage,
                            "no worker to push to: give hosts (HOST[:PORT] or @HOST), or set "
                            "DISTCC_HOSTS, or list them in distcc's hosts file");
    }
    return hosts;
}

PushOutcome push_bundle(const HostSpec& host, const std::string& file, const std::string& id,
                        bool replace, std::chrono::milliseconds timeout,
                        const util::Environment& environment) {
    auto deadline = Clock::now() + timeout;
    auto previous = signal(SIGPIPE, SIG_IGN);
    auto outcome = host.ssh ? push_over_ssh(host, file, id, replace, deadline, environment)
                            : push_over_tcp(host, file, id, replace, deadline, environment);
    signal(SIGPIPE, previous);
    return outcome;
}

int run_push(const PushRequest& request, const util::Environment& environment) {
    auto hosts = push_hosts(request.hosts, environment);
    std::string file;
    std::string id;
    std::optional<std::string> packed_file;
    if (request.bundle) {
        file = *request.bundle;
        toolchain::InstallSettings reading;
        reading.limits = {~std::uint64_t{0}, 0};
        reading.gzip = util::find_in_path("gzip", environment).value_or("gzip");
        auto read = toolchain::read_bundle_id(reading, file);
        if (!read) {
            throw util::Refusal(util::k_exit_usage,
                                fmt::format("{} is not a toolchain bundle (no manifest can be read "
                                            "from it)",
                                            file));
        }
        id = *read;
    } else {
        auto temporary = util::lookup(environment, "TMPDIR").value_or("/tmp");
        PackRequest pack{request.compilers,
                         fmt::format("{}/distcc-init-push-{}.tar.gz", temporary, getpid()),
                         request.packer};
        auto packed = pack_toolchain(pack, environment);
        std::printf("%s\n",
                    fmt::format("packed bundle {}: {}", packed.id.substr(0, 12), packed.description)
                        .c_str());
        std::fflush(stdout);
        file = packed.path;
        id = packed.id;
        packed_file = file;
    }
    bool all_ok = true;
    for (const auto& host : hosts) {
        auto outcome = push_bundle(host, file, id, request.replace, request.timeout, environment);
        all_ok = all_ok && outcome.ok;
        std::printf("%s\n", fmt::format("{}: {}{}", outcome.host,
                                        outcome.ok ? "" : "refused: ", outcome.text)
                                .c_str());
        std::fflush(stdout);
    }
    if (packed_file) {
        unlink(packed_file->c_str());
    }
    return all_ok ? 0 : util::k_exit_failure;
}

} // namespace client
