#include "relay/relay_options.hpp"

#include "relay/forced_command.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace relay {
namespace {

RelayRequest parse_words(const std::vector<std::string>& words) {
    SessionSettings settings;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto& word = words[i];
        bool has_value = i + 1 < words.size();
        if (word == "--compile-only") {
            settings.compile_only = true;
        } else if (word == "--port" && has_value) {
            auto port = util::parse_port(words[++i]);
            if (!port) {
                return "--port " + words[i] + ": expected a port number from 1 to 65535";
            }
            settings.daemon_port = *port;
        } else if (word == "--shell" && has_value) {
            settings.user_shell = words[++i];
        } else if (word == "--session-socket" && has_value) {
            settings.report_socket = words[++i];
        } else if (word == "--toolchain-socket" && has_value) {
            settings.toolchain_socket = words[++i];
        } else {
            return "unexpected argument " + word +
                   "; expected --port PORT [--shell SHELL] [--compile-only] "
                   "[--session-socket FILE] [--toolchain-socket PATH]";
        }
    }
    if (settings.daemon_port == 0) {
        return std::string("no --port: the loopback distccd's port is needed");
    }
    return settings;
}

bool names_the_relay(std::string_view program) {
    return util::file_name(program) == "distcc-relay";
}

} // namespace

RelayRequest parse_relay_options(const std::vector<std::string>& args, bool login) {
    if (args.empty() && login) {
        return ShellRequest{};
    }
    if (args.empty() || args.front() != "-c") {
        return parse_words(args);
    }
    // Started as the login shell: the options are the words of the ForceCommand after the
    // program's own name.
    if (args.size() != 2) {
        return std::string("-c takes exactly one command");
    }
    auto words = split_command_words(args[1]);
    if (!words || words->empty() || !names_the_relay(words->front())) {
        return ShellRequest{args[1]};
    }
    words->erase(words->begin());
    return parse_words(*words);
}

} // namespace relay
