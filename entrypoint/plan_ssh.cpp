#include "entrypoint/daemon_arguments.hpp"
#include "entrypoint/plan_parts.hpp"
#include "entrypoint/ssh_settings.hpp"
#include "entrypoint/user_name.hpp"

#include <fmt/format.h>

namespace entrypoint {
namespace {

constexpr std::string_view k_default_user = "distcc-ssh";
constexpr std::string_view k_default_host_key_dir = "/var/lib/distcc-init/ssh-host-keys";
constexpr std::uint16_t k_default_loopback_port = 3632;
const std::vector<std::string> k_host_key_types{"ed25519", "ecdsa", "rsa"};

std::variant<std::string, PlanError> choose_user(const Environment& environment,
                                                 const SystemFacts& facts) {
    auto name = lookup(environment, "SSH_USERNAME").value_or(std::string(k_default_user));
    if (auto problem = check_user_name(name)) {
        return PlanError{k_exit_configuration,
                         fmt::format("SSH_USERNAME={:?}: {}", name, *problem)};
    }
    auto existing = find_user(facts.users, name);
    if (existing && existing->gecos != k_ssh_user_marker) {
        return PlanError{k_exit_configuration,
                         fmt::format("SSH_USERNAME={:?}: an account of that name already exists "
                                     "and was not created by distcc-init; choose another name",
                                     name)};
    }
    return name;
}

std::variant<std::vector<PublicKey>, PlanError> read_keys(const Environment& environment,
                                                          const SystemFacts& facts) {
    auto inline_keys = lookup(environment, "AUTHORIZED_KEYS");
    auto key_file = lookup(environment, "AUTHORIZED_KEYS_FILE");
    if (inline_keys && key_file) {
        return PlanError{k_exit_configuration,
                         "AUTHORIZED_KEYS and AUTHORIZED_KEYS_FILE are both set: give the keys "
                         "one way only"};
    }
    if (key_file && !facts.authorized_keys_file_content) {
        return PlanError{k_exit_configuration,
                         fmt::format("AUTHORIZED_KEYS_FILE={:?} cannot be read: {}", *key_file,
                                     facts.authorized_keys_file_error)};
    }
    std::string source = key_file ? fmt::format("AUTHORIZED_KEYS_FILE ({})", *key_file)
                                  : std::string("AUTHORIZED_KEYS");
    std::string text = key_file ? *facts.authorized_keys_file_content : inline_keys.value_or("");
    auto parsed = parse_authorized_keys(text);
    if (auto* error = std::get_if<KeyError>(&parsed)) {
        if (!inline_keys && !key_file) {
            return PlanError{k_exit_configuration,
                             "no SSH public key: set AUTHORIZED_KEYS to one or more public keys, "
                             "e.g. -e AUTHORIZED_KEYS=\"$(cat ~/.ssh/id_ed25519.pub)\", or "
                             "AUTHORIZED_KEYS_FILE to a file holding them"};
        }
        if (error->line_number == 0) {
            return PlanError{k_exit_configuration,
                             fmt::format("{}: {}; expected one OpenSSH public key per line, "
                                         "e.g. the content of ~/.ssh/id_ed25519.pub",
                                         source, error->message)};
        }
        return PlanError{k_exit_configuration,
                         fmt::format("{} line {}: {}", source, error->line_number, error->message)};
    }
    return std::get<std::vector<PublicKey>>(parsed);
}

std::variant<bool, PlanError> compile_only_switch(const Environment& environment) {
    auto value = lookup(environment, "DISTCC_SSH_COMPILE_ONLY");
    if (value && *value != "0" && *value != "1") {
        return PlanError{k_exit_configuration,
                         fmt::format("DISTCC_SSH_COMPILE_ONLY={:?}: expected 1 (SSH sessions may "
                                     "only run distccd) or 0",
                                     *value)};
    }
    return value == "1";
}

std::variant<std::uint16_t, PlanError> loopback_port(const Environment& environment) {
    auto text = lookup(environment, "DISTCC_SSH_DAEMON_PORT");
    if (!text) {
        return k_default_loopback_port;
    }
    auto port = parse_port_number(*text);
    if (!port) {
        return PlanError{k_exit_configuration,
                         fmt::format("DISTCC_SSH_DAEMON_PORT={:?}: expected a TCP port from 1 to "
                                     "65535",
                                     *text)};
    }
    return *port;
}

void add_account_steps(Plan& plan, const std::string& user, const std::vector<PublicKey>& keys,
                       const SystemFacts& facts) {
    std::string home = "/home/" + user;
    if (auto existing = find_user(facts.users, user)) {
        home = existing->home;
        plan.checks.push_back(fmt::format("user {}: exists (created earlier), reused", user));
    } else {
        plan.steps.emplace_back(
            CreateUser{user, k_worker_group, home, facts.login_shell.value_or("/bin/sh"), false});
    }
    plan.steps.emplace_back(WriteAuthorizedKeys{user, home, keys});
}

void add_host_key_steps(Plan& plan, const std::string& directory, const SystemFacts& facts) {
    std::vector<std::string> missing;
    for (const auto& type : k_host_key_types) {
        if (std::find(facts.existing_host_key_types.begin(), facts.existing_host_key_types.end(),
                      type) == facts.existing_host_key_types.end()) {
            missing.push_back(type);
        }
    }
    plan.steps.emplace_back(GenerateHostKeys{directory, missing, k_host_key_types});
}

} // namespace

std::variant<Plan, PlanError> build_ssh_plan(const Environment& environment,
                                             const std::vector<std::string>& arguments,
                                             const SystemFacts& facts) {
    Plan plan;
    plan.mode = Mode::ssh;
    bool run_daemon = arguments_are_daemon_options(arguments);
    if (run_daemon && !facts.running_as_root) {
        return PlanError{k_exit_needs_root,
                         "ssh mode needs root: sshd must switch to the SSH user; run the "
                         "container as root (no --user)"};
    }
    if (run_daemon && !facts.sshd_path) {
        return PlanError{k_exit_missing_program,
                         "sshd is not installed (no /usr/sbin/sshd): install OpenSSH "
                         "(Gentoo net-misc/openssh, Debian openssh-server)"};
    }
    if (!facts.distccd_path) {
        return PlanError{k_exit_missing_program,
                         "distccd is not installed (not found in PATH): install distcc "
                         "(Gentoo sys-devel/distcc, Debian distcc)"};
    }
    auto compile_only = compile_only_switch(environment);
    if (auto* error = std::get_if<PlanError>(&compile_only)) {
        return *error;
    }
    auto port = loopback_port(environment);
    if (auto* error = std::get_if<PlanError>(&port)) {
        return *error;
    }
    auto log_level = lookup(environment, "SSHD_LOG_LEVEL");
    if (log_level && !parse_sshd_log_level(*log_level)) {
        return PlanError{k_exit_configuration,
                         fmt::format("SSHD_LOG_LEVEL={:?}: expected one of QUIET, FATAL, ERROR, "
                                     "INFO, VERBOSE, DEBUG, DEBUG1, DEBUG2, DEBUG3",
                                     *log_level)};
    }
    if (!run_daemon) {
        plan.checks.emplace_back("arguments are a command: it runs instead of sshd");
        add_worker_account(plan, facts);
        if (auto error = add_ccache(plan, environment, facts)) {
            return *error;
        }
        plan.programs.main = arguments;
        return plan;
    }
    auto user = choose_user(environment, facts);
    if (auto* error = std::get_if<PlanError>(&user)) {
        return *error;
    }
    auto keys = read_keys(environment, facts);
    if (auto* error = std::get_if<PlanError>(&keys)) {
        return *error;
    }
    plan.checks.push_back("sshd: " + *facts.sshd_path);
    plan.checks.push_back("distccd: " + *facts.distccd_path);
    add_worker_account(plan, facts);
    const auto& user_name = std::get<std::string>(user);
    add_account_steps(plan, user_name, std::get<std::vector<PublicKey>>(keys), facts);
    auto host_key_dir =
        lookup(environment, "SSH_HOST_KEYS_DIR").value_or(std::string(k_default_host_key_dir));
    add_host_key_steps(plan, host_key_dir, facts);
    plan.steps.emplace_back(
        PrepareDirectory{"/run/sshd", "root", "root", 0755, "sshd privilege separation directory"});
    if (auto error = add_ccache(plan, environment, facts)) {
        return *error;
    }
    auto daemon_port = std::get<std::uint16_t>(port);
    SshdSettings sshd{.user = user_name,
                      .host_key_dir = host_key_dir,
                      .host_key_types = k_host_key_types,
                      .session_environment = plan.environment,
                      .relay_command =
                          relay_command(facts.self_path, daemon_port, std::get<bool>(compile_only)),
                      .log_level = log_level ? parse_sshd_log_level(*log_level) : std::nullopt,
                      .exempt_loopback_from_penalties = facts.sshd_knows_penalty_exemptions};
    plan.programs.main = sshd_command(*facts.sshd_path, arguments, sshd);
    plan.programs.companions.push_back(distccd_command(
        plan, facts,
        {"--listen", "127.0.0.1", "--allow", "127.0.0.1", "--port", std::to_string(daemon_port)},
        {}));
    plan.relay_note = fmt::format(
        "SSH sessions running distccd are relayed to the loopback "
        "distccd on 127.0.0.1:{}{}",
        daemon_port, std::get<bool>(compile_only) ? "; other commands are refused" : "");
    auto sshd_port = find_option_value(arguments, {"-p"});
    if (!sshd_port) {
        sshd_port = find_sshd_option(arguments, "Port");
    }
    plan.health.sshd_port = parse_port_number(sshd_port.value_or("22")).value_or(22);
    plan.health.distccd_port = daemon_port;
    auto listen = find_sshd_option(arguments, "ListenAddress");
    if (listen && *listen != "0.0.0.0" && *listen != "::") {
        plan.health.address = *listen;
    }
    return plan;
}

} // namespace entrypoint
