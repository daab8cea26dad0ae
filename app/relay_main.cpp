// distcc-relay: the SSH user's login shell in the ssh image. sshd starts one per session;
// it serves distcc sessions by relaying them to the loopback distccd. It is a program of its
// own, apart from distcc-init, so that a session starts in well under a millisecond: no
// logging, option or environment library is linked, and nothing is read that a relay does
// not need.
#include "relay/relay_options.hpp"
#include "relay/session.hpp"
#include "util/exit_codes.hpp"

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    bool login = argc > 0 && argv[0][0] == '-';
    auto parsed = relay::parse_relay_options({argv + 1, argv + argc}, login);
    if (const auto* problem = std::get_if<std::string>(&parsed)) {
        std::fprintf(stderr, "distcc-relay: %s\n", problem->c_str());
        return util::k_exit_usage;
    }
    if (const auto* shell = std::get_if<relay::ShellRequest>(&parsed)) {
        relay::exec_shell(relay::system_shell(), shell->command);
    }
    auto settings = std::get<relay::SessionSettings>(parsed);
    if (const char* command = std::getenv("SSH_ORIGINAL_COMMAND")) {
        settings.original_command = command;
    }
    return relay::run_session(settings);
}
