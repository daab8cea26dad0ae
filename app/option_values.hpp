#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace app {

// The raw text of an option before validation; `source` names where it came from
// ("option --grace", "DISTCC_INIT_GRACE") for the one line a bad value gets.
struct RawValue {
    std::string text;
    std::string source;
    bool from_environment = false;
};

// Ends the parse: a bad command line or DISTCC_INIT_* value (exit 2).
[[noreturn]] void refuse_usage(const std::string& message);

// A number of seconds from 0 to 86400 (e.g. "8" or "0.5").
std::chrono::milliseconds parse_seconds(const RawValue& raw);

// A TCP port from 1 to 65535.
std::uint16_t parse_port_value(const RawValue& raw);

// The same, for a subcommand's option given as text: OPTION names it in the refusal.
std::uint16_t parse_port_option(const std::string& option, const std::string& text);
std::chrono::milliseconds parse_seconds_option(const std::string& option, const std::string& text);

} // namespace app
