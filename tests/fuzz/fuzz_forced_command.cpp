// relay::split_command_words and relay::classify_session on any SSH_ORIGINAL_COMMAND: the
// words, quoted again, split back to themselves, and the class follows from the words. The
// same text as the relay's `-c` command (relay::parse_relay_options): settings with a port,
// the text unchanged for a shell, or one line without a line break.
#include "relay/forced_command.hpp"
#include "relay/relay_options.hpp"
#include "support/check.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

using fuzz_support::require;

namespace {

// Each word in single quotes ('\'' for a quote), joined by spaces.
std::string quote_words(const std::vector<std::string>& words) {
    std::string command;
    for (const auto& word : words) {
        command += command.empty() ? "'" : " '";
        for (char c : word) {
            command += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        command += "'";
    }
    return command;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string command(reinterpret_cast<const char*>(data), size);
    auto words = relay::split_command_words(command);
    auto kind = relay::classify_session(command);
    auto options = relay::parse_relay_options({"-c", command});
    if (const auto* settings = std::get_if<relay::SessionSettings>(&options)) {
        require(settings->daemon_port != 0, "relay settings always have a port");
        require(words && words->size() >= 3, "a port needs the program and --port N");
    } else if (const auto* shell = std::get_if<relay::ShellRequest>(&options)) {
        require(shell->command == command, "what is not the relay's goes to a shell unchanged");
    } else {
        const auto& problem = std::get<std::string>(options);
        require((!problem.empty() && problem.find('\n') == std::string::npos) ||
                    command.find('\n') != std::string::npos,
                "a refusal is one line (unless the input brought a line break)");
    }
    require(relay::classify_session(std::nullopt) == relay::SessionKind::interactive,
            "no command is a login");
    if (!words) {
        require(kind == relay::SessionKind::other_command, "unbalanced quotes are not distccd");
        return 0;
    }
    if (words->empty()) {
        require(kind == relay::SessionKind::interactive, "an empty command is a login");
        return 0;
    }
    auto again = relay::split_command_words(quote_words(*words));
    require(again && *again == *words, "quoted words split back to themselves");
    std::string_view program = words->front();
    auto base =
        program.substr(program.rfind('/') == std::string_view::npos ? 0 : program.rfind('/') + 1);
    bool inetd = std::ranges::find(*words, "--inetd") != words->end();
    require((kind == relay::SessionKind::distccd) == (base == "distccd" && inetd),
            "distccd sessions are exactly distccd --inetd");
    require(kind != relay::SessionKind::interactive, "a command is not a login");
    return 0;
}
