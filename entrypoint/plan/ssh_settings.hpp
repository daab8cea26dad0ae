#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace entrypoint {

// The private host key of `type` ("ed25519") in `directory`; the public one adds ".pub".
std::string host_key_path(std::string_view directory, std::string_view type);

// sshd's LogLevel names, any case; returns the canonical upper-case name.
std::optional<std::string> parse_sshd_log_level(std::string_view text);

// What our sshd command line enforces.
struct SshdSettings {
    std::string user;
    std::string host_key_dir;
    std::vector<std::string> host_key_types;
    std::map<std::string, std::string> session_environment; // sshd's SetEnv
    std::string relay_command;                              // sshd's ForceCommand
    std::optional<std::string> log_level;
    bool exempt_loopback_from_penalties = false;
    // Tunnel mode: local forwarding to the loopback distccd on this port (and nothing else),
    // and sshd in inetd mode (-i), one per connection that distcc-init accepted.
    std::optional<std::uint16_t> tunnel_port;
};

// The ForceCommand that sends every SSH session through distcc-relay, which is also the SSH
// user's login shell: sshd runs it as `distcc-relay -c "<this command>"`, and no shell starts
// for a compile. Other commands run through `shell` (unless compile-only); with a counts file,
// the relay counts each session there (for the metrics companion).
struct RelayCommand {
    std::string relay_path;
    std::uint16_t daemon_port = 0;
    std::string shell;
    bool compile_only = false;
    std::optional<std::string> session_socket;
    std::optional<std::string> toolchain_socket; // toolchain pushes go there
};
std::string relay_command(const RelayCommand& relay);

// sshd's argv: -D -e, then the user's arguments (sshd keeps the first value of each keyword,
// so they override ours), then our hardening as -o options and the host keys.
std::vector<std::string> sshd_command(const std::string& sshd_path,
                                      const std::vector<std::string>& user_arguments,
                                      const SshdSettings& settings);

// The value of an sshd keyword given as "-o Keyword=value" or "-oKeyword value" in arguments.
std::optional<std::string> find_sshd_option(const std::vector<std::string>& arguments,
                                            std::string_view keyword);

} // namespace entrypoint
