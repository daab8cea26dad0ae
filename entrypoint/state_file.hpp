#pragma once

#include "entrypoint/plan.hpp"

#include <optional>
#include <string>

namespace entrypoint {

// Where PID 1 tells `distcc-init healthcheck` what to check.
inline constexpr const char* k_state_file = "/run/distcc-init/state";

// The state file's content for a plan: "key=value" lines.
std::string format_state(Mode mode, const HealthTarget& target);

// Parses format_state()'s output; nothing when malformed.
std::optional<std::pair<Mode, HealthTarget>> parse_state(std::string_view text);

// Writes the state file atomically; returns why it failed.
std::optional<std::string> write_state_file(Mode mode, const HealthTarget& target);

} // namespace entrypoint
