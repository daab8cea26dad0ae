#include "entrypoint/plan/ssh_settings.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace entrypoint {
namespace {

std::string set_env_value(const std::map<std::string, std::string>& environment) {
    std::string value;
    for (const auto& [name, text] : environment) {
        // SetEnv splits on whitespace unless the word is quoted.
        value += fmt::format("{}\"{}={}\"", value.empty() ? "" : " ", name, text);
    }
    return value;
}

} // namespace

std::string host_key_path(std::string_view directory, std::string_view type) {
    return fmt::format("{}/ssh_host_{}_key", directory, type);
}

std::optional<std::string> parse_sshd_log_level(std::string_view text) {
    static constexpr std::array k_levels{"QUIET", "FATAL",  "ERROR",  "INFO",  "VERBOSE",
                                         "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3"};
    auto upper = util::to_upper(text);
    for (std::string_view level : k_levels) {
        if (upper == level) {
            return upper;
        }
    }
    return std::nullopt;
}

std::string relay_command(const RelayCommand& relay) {
    return fmt::format("{} --port {} --shell {}{}{}{}", relay.relay_path, relay.daemon_port,
                       relay.shell, relay.compile_only ? " --compile-only" : "",
                       relay.session_socket ? " --session-socket " + *relay.session_socket : "",
                       relay.toolchain_socket ? " --toolchain-socket " + *relay.toolchain_socket
                                              : "");
}

std::vector<std::string> sshd_command(const std::string& sshd_path,
                                      const std::vector<std::string>& user_arguments,
                                      const SshdSettings& settings) {
    std::vector<std::string> argv{sshd_path, settings.tunnel_port ? "-i" : "-D", "-e"};
    argv.insert(argv.end(), user_arguments.begin(), user_arguments.end());
    std::vector<std::string> options{
        "PasswordAuthentication=no",
        "KbdInteractiveAuthentication=no",
        "PermitRootLogin=no",
        "PubkeyAuthentication=yes",
        "AuthenticationMethods=publickey",
        "AllowUsers=" + settings.user,
        // With PAM off a key login needs an unlocked account: ours has '*' as password.
        "UsePAM=no",
        "AuthorizedKeysFile=.ssh/authorized_keys",
        "PermitUserEnvironment=no",
        settings.tunnel_port ? "AllowTcpForwarding=local" : "AllowTcpForwarding=no",
        "AllowAgentForwarding=no",
        "AllowStreamLocalForwarding=no",
        "X11Forwarding=no",
        "PermitTunnel=no",
        "ForceCommand=" + settings.relay_command,
    };
    if (!settings.session_environment.empty()) {
        options.push_back("SetEnv=" + set_env_value(settings.session_environment));
    }
    if (settings.log_level) {
        options.push_back("LogLevel=" + *settings.log_level);
    }
    if (settings.exempt_loopback_from_penalties) {
        options.emplace_back("PerSourcePenaltyExemptList=127.0.0.1,::1");
    }
    if (settings.tunnel_port) {
        // sshd matches PermitOpen against the host as the client wrote it, unresolved.
        options.push_back(
            fmt::format("PermitOpen=127.0.0.1:{0} localhost:{0}", *settings.tunnel_port));
    }
    for (const auto& option : options) {
        argv.insert(argv.end(), {"-o", option});
    }
    for (const auto& type : settings.host_key_types) {
        argv.insert(argv.end(), {"-h", host_key_path(settings.host_key_dir, type)});
    }
    return argv;
}

std::optional<std::string> find_sshd_option(const std::vector<std::string>& arguments,
                                            std::string_view keyword) {
    std::optional<std::string> found; // sshd keeps the first value
    for (std::size_t i = 0; i < arguments.size() && !found; ++i) {
        std::string_view option;
        if (arguments[i] == "-o" && i + 1 < arguments.size()) {
            option = arguments[i + 1];
        } else if (arguments[i].starts_with("-o") && arguments[i].size() > 2) {
            option = std::string_view(arguments[i]).substr(2);
        } else {
            continue;
        }
        auto separator = option.find_first_of("= \t");
        if (separator != std::string_view::npos &&
            util::equal_ignoring_case(option.substr(0, separator), keyword)) {
            auto value = option.substr(separator + 1);
            value.remove_prefix(std::min(value.find_first_not_of("= \t"), value.size()));
            found = std::string(value);
        }
    }
    return found;
}

} // namespace entrypoint
