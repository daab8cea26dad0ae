#pragma once

#include "entrypoint/plan/plan.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace entrypoint {

// The state file's content (defaults::k_state_file) for a worker: "key=value" lines.
std::string format_state(Mode mode, const HealthTarget& target);

// Parses format_state()'s output; nothing when it names no mode.
std::optional<std::pair<Mode, HealthTarget>> parse_state(std::string_view text);

} // namespace entrypoint
