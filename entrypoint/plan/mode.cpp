#include "entrypoint/plan/mode.hpp"

namespace entrypoint {

std::optional<Mode> parse_mode(std::string_view text) {
    if (text == "tcp") {
        return Mode::tcp;
    }
    if (text == "ssh") {
        return Mode::ssh;
    }
    return std::nullopt;
}

std::string_view mode_name(Mode mode) {
    switch (mode) {
    case Mode::tcp:
        return "tcp";
    case Mode::ssh:
        return "ssh";
    case Mode::plain:
        break;
    }
    return "plain";
}

} // namespace entrypoint
