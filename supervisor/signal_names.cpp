#include "supervisor/signal_names.hpp"

#include "util/number.hpp"
#include "util/text.hpp"

#include <array>
#include <csignal>
#include <string>
#include <utility>

namespace supervisor {
namespace {

struct NamedSignal {
    std::string_view name; // without the "SIG" prefix
    int number;
};

constexpr std::array k_signals{
    NamedSignal{"HUP", SIGHUP},   NamedSignal{"INT", SIGINT},
    NamedSignal{"QUIT", SIGQUIT}, NamedSignal{"ILL", SIGILL},
    NamedSignal{"TRAP", SIGTRAP}, NamedSignal{"ABRT", SIGABRT},
    NamedSignal{"BUS", SIGBUS},   NamedSignal{"FPE", SIGFPE},
    NamedSignal{"KILL", SIGKILL}, NamedSignal{"USR1", SIGUSR1},
    NamedSignal{"SEGV", SIGSEGV}, NamedSignal{"USR2", SIGUSR2},
    NamedSignal{"PIPE", SIGPIPE}, NamedSignal{"ALRM", SIGALRM},
    NamedSignal{"TERM", SIGTERM}, NamedSignal{"STKFLT", SIGSTKFLT},
    NamedSignal{"CHLD", SIGCHLD}, NamedSignal{"CONT", SIGCONT},
    NamedSignal{"STOP", SIGSTOP}, NamedSignal{"TSTP", SIGTSTP},
    NamedSignal{"TTIN", SIGTTIN}, NamedSignal{"TTOU", SIGTTOU},
    NamedSignal{"URG", SIGURG},   NamedSignal{"XCPU", SIGXCPU},
    NamedSignal{"XFSZ", SIGXFSZ}, NamedSignal{"VTALRM", SIGVTALRM},
    NamedSignal{"PROF", SIGPROF}, NamedSignal{"WINCH", SIGWINCH},
    NamedSignal{"IO", SIGIO},     NamedSignal{"PWR", SIGPWR},
    NamedSignal{"SYS", SIGSYS},
};

std::optional<int> parse_realtime(std::string_view name) {
    constexpr std::string_view prefix = "RTMIN";
    if (!name.starts_with(prefix)) {
        return std::nullopt;
    }
    auto rest = name.substr(prefix.size());
    if (rest.empty()) {
        return SIGRTMIN;
    }
    if (rest.front() != '+') {
        return std::nullopt;
    }
    auto offset = util::parse_integer<int>(rest.substr(1));
    if (!offset || *offset < 0 || SIGRTMIN + *offset > SIGRTMAX) {
        return std::nullopt;
    }
    return SIGRTMIN + *offset;
}

} // namespace

std::optional<int> parse_signal(std::string_view text) {
    if (auto number = util::parse_integer<int>(text)) {
        if (*number > 0 && *number < NSIG) {
            return number;
        }
        return std::nullopt;
    }
    auto name = util::to_upper(text);
    std::string_view bare(name);
    if (bare.starts_with("SIG")) {
        bare.remove_prefix(3);
    }
    for (const auto& signal : k_signals) {
        if (signal.name == bare) {
            return signal.number;
        }
    }
    return parse_realtime(bare);
}

std::string signal_name(int signal_number) {
    for (const auto& signal : k_signals) {
        if (signal.number == signal_number) {
            return "SIG" + std::string(signal.name);
        }
    }
    if (signal_number >= SIGRTMIN && signal_number <= SIGRTMAX) {
        return signal_number == SIGRTMIN ? "SIGRTMIN"
                                         : "SIGRTMIN+" + std::to_string(signal_number - SIGRTMIN);
    }
    return "signal " + std::to_string(signal_number);
}

} // namespace supervisor
