#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace supervisor {

// Parses "SIGTERM", "TERM", "term", "15" or "SIGRTMIN+3" into a signal number.
std::optional<int> parse_signal(std::string_view text);

// Returns the conventional name of a signal ("SIGTERM"), or "signal N" when it has none.
std::string signal_name(int signal_number);

} // namespace supervisor
