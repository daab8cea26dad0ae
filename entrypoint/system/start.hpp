#pragma once

#include "entrypoint/plan/mode.hpp"
#include "entrypoint/plan/render_plan.hpp"
#include "supervisor/inherited_signals.hpp"
#include "supervisor/settings.hpp"
#include "supervisor/supervise.hpp"
#include "util/environment.hpp"

#include <optional>
#include <string>
#include <vector>

namespace entrypoint {

// What `distcc-init [--mode M] [--dry-run] [--] ARGS` asks for.
struct StartRequest {
    Mode mode = Mode::plain;
    DryRunFormat dry_run = DryRunFormat::none;
    std::vector<std::string> arguments;
    supervisor::Settings supervision;
};

// Plans, then shows it (dry run: nothing to supervise) or applies it and returns what to
// supervise. A start that cannot go ahead throws util::Refusal before anything runs.
std::optional<supervisor::Job> prepare_start(const StartRequest& request,
                                             const util::Environment& environment,
                                             const supervisor::InheritedSignals& inherited);

} // namespace entrypoint
