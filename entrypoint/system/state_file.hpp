#pragma once

#include "entrypoint/plan/plan.hpp"

#include <optional>
#include <string>

namespace entrypoint {

// Writes the state file (defaults::k_state_file) atomically for the healthcheck; returns
// why it failed.
std::optional<std::string> write_state_file(Mode mode, const HealthTarget& target);

} // namespace entrypoint
