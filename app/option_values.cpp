#include "app/option_values.hpp"

#include "util/exit_codes.hpp"
#include "util/number.hpp"
#include "util/refusal.hpp"

#include <cmath>
#include <fmt/format.h>

namespace app {

void refuse_usage(const std::string& message) {
    throw util::Refusal(util::k_exit_usage, message);
}

std::chrono::milliseconds parse_seconds(const RawValue& raw) {
    auto seconds = util::parse_decimal(raw.text);
    if (!seconds || *seconds < 0 || *seconds > 86400) {
        refuse_usage(
            fmt::format("{} {:?}: expected a number of seconds from 0 to 86400 (e.g. 8 or 0.5)",
                        raw.source, raw.text));
    }
    return std::chrono::milliseconds(std::llround(*seconds * 1000));
}

std::uint16_t parse_port_value(const RawValue& raw) {
    auto port = util::parse_port(raw.text);
    if (!port) {
        refuse_usage(
            fmt::format("{} {:?}: expected a TCP port from 1 to 65535", raw.source, raw.text));
    }
    return *port;
}

std::uint16_t parse_port_option(const std::string& option, const std::string& text) {
    return parse_port_value({text, "option " + option});
}

std::chrono::milliseconds parse_seconds_option(const std::string& option, const std::string& text) {
    return parse_seconds({text, "option " + option});
}

} // namespace app
