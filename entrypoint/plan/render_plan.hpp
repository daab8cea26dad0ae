#pragma once

#include "entrypoint/plan/plan.hpp"
#include "supervisor/settings.hpp"

#include <string>

namespace entrypoint {

enum class DryRunFormat { none, text, json };

// The dry run as text: mode, checks, steps, environment, argv (shell-quoted), supervision.
std::string render_plan_text(const Plan& plan, const supervisor::Settings& settings);

// The same as one JSON object.
std::string render_plan_json(const Plan& plan, const supervisor::Settings& settings);

} // namespace entrypoint
