#include "entrypoint/plan/daemon_arguments.hpp"
#include "entrypoint/plan/environment_values.hpp"
#include "entrypoint/plan/plan_parts.hpp"
#include "entrypoint/plan/privileges.hpp"
#include "entrypoint/plan/ssh_settings.hpp"
#include "entrypoint/plan/toolchain_bundles.hpp"
#include "entrypoint/plan/user_name.hpp"
#include "util/exit_codes.hpp"
#include "util/number.hpp"
#include "util/refusal.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace entrypoint {
namespace {

using util::k_exit_configuration;
using util::Refusal;

std::vector<std::string> host_key_types() {
    return {defaults::k_host_key_types.begin(), defaults::k_host_key_types.end()};
}

std::string choose_user(const util::Environment& environment, const SystemFacts& facts) {
    auto name =
        util::lookup(environment, "SSH_USERNAME").value_or(std::string(defaults::k_ssh_user));
    if (auto problem = check_user_name(name)) {
        throw Refusal(k_exit_configuration, fmt::format("SSH_USERNAME={:?}: {}", name, *problem));
    }
    auto existing = find_user(facts.users, name);
    if (existing && existing->gecos != defaults::k_ssh_user_marker) {
        throw Refusal(k_exit_configuration,
                      fmt::format("SSH_USERNAME={:?}: an account of that name already exists and "
                                  "was not created by distcc-init; choose another name",
                                  name));
    }
    return name;
}

std::vector<PublicKey> read_keys(const util::Environment& environment, const SystemFacts& facts) {
    auto inline_keys = util::lookup(environment, "AUTHORIZED_KEYS");
    auto key_file = util::lookup(environment, "AUTHORIZED_KEYS_FILE");
    if (inline_keys && key_file) {
        throw Refusal(k_exit_configuration, "AUTHORIZED_KEYS and AUTHORIZED_KEYS_FILE are both "
                                            "set: give the keys one way only");
    }
    if (key_file && !facts.authorized_keys_file_content) {
        throw Refusal(k_exit_configuration,
                      fmt::format("AUTHORIZED_KEYS_FILE={:?} cannot be read: {}", *key_file,
                                  facts.authorized_keys_file_error));
    }
    if (!inline_keys && !key_file) {
        throw Refusal(k_exit_configuration,
                      "no SSH public key: set AUTHORIZED_KEYS to one or more public keys, e.g. "
                      "-e AUTHORIZED_KEYS=\"$(cat ~/.ssh/id_ed25519.pub)\", or "
                      "AUTHORIZED_KEYS_FILE to a file holding them");
    }
    std::string source = key_file ? fmt::format("AUTHORIZED_KEYS_FILE ({})", *key_file)
                                  : std::string("AUTHORIZED_KEYS");
    auto parsed =
        parse_authorized_keys(key_file ? *facts.authorized_keys_file_content : *inline_keys);
    if (const auto* error = std::get_if<KeyError>(&parsed)) {
        if (error->line_number == 0) {
            throw Refusal(k_exit_configuration,
                          fmt::format("{}: {}; expected one OpenSSH public key per line, e.g. "
                                      "the content of ~/.ssh/id_ed25519.pub",
                                      source, error->message));
        }
        throw Refusal(k_exit_configuration,
                      fmt::format("{} line {}: {}", source, error->line_number, error->message));
    }
    return std::get<std::vector<PublicKey>>(std::move(parsed));
}

void add_account_steps(Plan& plan, const std::string& user, const std::vector<PublicKey>& keys,
                       const SystemFacts& facts) {
    std::string home = "/home/" + user;
    if (auto existing = find_user(facts.users, user)) {
        home = existing->home;
        plan.checks.push_back(fmt::format("user {}: exists (created earlier), reused", user));
    } else {
        // The relay is the login shell: sshd runs the ForceCommand through it, so a compile
        // session starts no shell.
        plan.steps.emplace_back(CreateUser{user, std::string(defaults::k_worker_group), home,
                                           facts.relay_path.value_or(""), false});
    }
    plan.steps.emplace_back(WriteAuthorizedKeys{user, home, keys});
}

void add_host_key_steps(Plan& plan, const std::string& directory, const SystemFacts& facts) {
    std::vector<std::string> missing;
    for (const auto& type : host_key_types()) {
        if (std::ranges::find(facts.existing_host_key_types, type) ==
            facts.existing_host_key_types.end()) {
            missing.push_back(type);
        }
    }
    plan.steps.emplace_back(GenerateHostKeys{directory, missing, host_key_types()});
}

void require_sshd_start(const SystemFacts& facts) {
    if (!facts.running_as_root) {
        throw Refusal(util::k_exit_needs_root,
                      "ssh mode needs root: sshd must switch to the SSH user; run the container "
                      "as root (no --user)");
    }
    if (!facts.sshd_path) {
        throw Refusal(util::k_exit_missing_program,
                      fmt::format("sshd is not installed (no {}): install OpenSSH (Gentoo "
                                  "net-misc/openssh, Debian openssh-server)",
                                  defaults::k_sshd_path));
    }
    if (!facts.relay_path) {
        throw Refusal(util::k_exit_missing_program,
                      fmt::format("{} is missing: ssh mode needs it installed beside distcc-init "
                                  "({}), as the images do",
                                  defaults::k_relay_name, facts.self_path));
    }
}

std::optional<std::string> read_sshd_log_level(const util::Environment& environment) {
    auto text = util::lookup(environment, "SSHD_LOG_LEVEL");
    if (!text) {
        return std::nullopt;
    }
    auto level = parse_sshd_log_level(*text);
    if (!level) {
        throw Refusal(k_exit_configuration,
                      fmt::format("SSHD_LOG_LEVEL={:?}: expected one of QUIET, FATAL, ERROR, "
                                  "INFO, VERBOSE, DEBUG, DEBUG1, DEBUG2, DEBUG3",
                                  *text));
    }
    return level;
}

// Where the healthcheck finds sshd: its port and address as the arguments set them.
void set_health_target(Plan& plan, const std::vector<std::string>& arguments,
                       std::uint16_t daemon_port) {
    auto sshd_port = find_option_value(arguments, {"-p"});
    if (!sshd_port) {
        sshd_port = find_sshd_option(arguments, "Port");
    }
    plan.health.sshd_port =
        util::parse_port(sshd_port.value_or("")).value_or(defaults::k_sshd_port);
    plan.health.distccd_port = daemon_port;
    auto listen = find_sshd_option(arguments, "ListenAddress");
    if (listen && *listen != "0.0.0.0" && *listen != "::") {
        plan.health.address = *listen;
    }
}

// What an SSH session gets of the daemons' environment: PATH and ccache's settings, not the
// served compilers' list nor the guard's settings, which are distccd's alone, and no secret:
// sshd's SetEnv is on its command line (compiles reach the loopback distccd, which has it).
std::map<std::string, std::string> session_environment(const Plan& plan) {
    auto result = plan.environment;
    std::erase_if(result, [&](const auto& entry) {
        return entry.first == "DISTCC_CMDLIST" || entry.first.starts_with("DISTCC_GUARD_") ||
               plan.secret_environment.contains(entry.first);
    });
    return result;
}

// Tunnel mode: distcc-init accepts the connections where sshd would have listened, sets
// TCP_NODELAY on each (OpenSSH does so only for sessions with a terminal) and hands it to
// `sshd -i`.
void add_ssh_front(Plan& plan, const std::vector<std::string>& arguments, const SystemFacts& facts,
                   std::uint16_t daemon_port) {
    std::vector<std::string> front{facts.self_path, "ssh-front", "--port",
                                   std::to_string(*plan.health.sshd_port)};
    auto listen = find_sshd_option(arguments, "ListenAddress");
    if (listen && *listen != "0.0.0.0" && *listen != "::") {
        front.insert(front.end(), {"--address", *listen});
    }
    front.emplace_back("--");
    front.insert(front.end(), plan.programs.main.begin(), plan.programs.main.end());
    plan.programs.main = std::move(front);
    plan.checks.push_back(fmt::format(
        "tunnel: keys may forward a local port to 127.0.0.1:{} and nowhere else; distcc-init "
        "accepts SSH connections (TCP_NODELAY) and starts sshd -i for each, at most {} at once",
        daemon_port, defaults::k_ssh_front_connections));
}

} // namespace

Plan build_ssh_plan(const util::Environment& environment, const std::vector<std::string>& arguments,
                    const SystemFacts& facts) {
    Plan plan;
    plan.mode = Mode::ssh;
    bool run_daemon = arguments_are_daemon_options(arguments);
    if (run_daemon) {
        require_sshd_start(facts);
    }
    require_distccd(facts);
    bool compile_only = read_switch(environment, "DISTCC_SSH_COMPILE_ONLY",
                                    "1 (SSH sessions may only run distccd) or 0");
    auto daemon_port = read_port(environment, "DISTCC_SSH_DAEMON_PORT", defaults::k_distccd_port);
    bool tunnel = read_switch(environment, "DISTCC_SSH_TUNNEL",
                              "1 (keys may also forward a port to the loopback distccd) or 0");
    auto log_level = read_sshd_log_level(environment);
    auto metrics = read_metrics_request(environment);
    if (!run_daemon) {
        plan.checks.emplace_back("arguments are a command: it runs instead of sshd");
        add_worker_account(plan, facts);
        add_ccache(plan, environment, facts);
        add_remote_cache(plan, environment, facts);
        plan.programs.main = arguments;
        return plan;
    }
    auto user = choose_user(environment, facts);
    auto keys = read_keys(environment, facts);
    plan.checks.push_back("sshd: " + *facts.sshd_path);
    plan.checks.push_back("distccd: " + *facts.distccd_path);
    add_worker_account(plan, facts);
    add_account_steps(plan, user, keys, facts);
    auto host_key_dir = util::lookup(environment, "SSH_HOST_KEYS_DIR")
                            .value_or(std::string(defaults::k_host_key_dir));
    add_host_key_steps(plan, host_key_dir, facts);
    plan.steps.emplace_back(PrepareDirectory{std::string(defaults::k_sshd_privilege_separation_dir),
                                             "root", "root", 0755,
                                             "sshd privilege separation directory"});
    add_ccache(plan, environment, facts);
    bool watch_cache = add_remote_cache(plan, environment, facts);
    add_served_compilers(plan, environment, facts);
    auto toolchain_service =
        plan_toolchain_service(plan, environment, facts, std::nullopt, std::nullopt, user);
    std::optional<std::string> session_socket;
    if (metrics) {
        session_socket = defaults::k_session_socket;
    }
    SshdSettings sshd{
        .user = user,
        .host_key_dir = host_key_dir,
        .host_key_types = host_key_types(),
        .session_environment = session_environment(plan),
        .relay_command = relay_command(
            {*facts.relay_path, daemon_port, facts.login_shell.value_or("/bin/sh"), compile_only,
             session_socket,
             toolchain_service ? std::optional<std::string>(defaults::k_toolchain_socket)
                               : std::nullopt}),
        .log_level = log_level,
        .exempt_loopback_from_penalties = facts.sshd_knows_penalty_exemptions,
        .tunnel_port = tunnel ? std::optional(daemon_port) : std::nullopt};
    plan.programs.main = sshd_command(*facts.sshd_path, arguments, sshd);
    std::string loopback(defaults::k_loopback_address);
    plan.programs.companions.push_back(distccd_command(
        plan, facts,
        {"--listen", loopback, "--allow", loopback, "--port", std::to_string(daemon_port)}, {}));
    plan.relay_note =
        fmt::format("SSH sessions running distccd are relayed to the loopback "
                    "distccd on {}:{}{}",
                    loopback, daemon_port, compile_only ? "; other commands are refused" : "");
    set_health_target(plan, arguments, daemon_port);
    if (!plan.programs.drain_marker.empty()) {
        plan.programs.drain_ports = {daemon_port};
    }
    if (tunnel) {
        add_ssh_front(plan, arguments, facts, daemon_port);
    }
    if (metrics) {
        add_metrics(plan, *metrics, facts, plan.programs.companions.front(),
                    {daemon_port, *plan.health.sshd_port}, user);
    }
    if (toolchain_service) {
        plan.programs.companions.push_back(std::move(*toolchain_service));
    }
    if (watch_cache) {
        add_cache_watch(plan, facts);
    }
    check_privileges(plan, facts, plan.health.sshd_port);
    return plan;
}

} // namespace entrypoint
