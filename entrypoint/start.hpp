#pragma once

#include "entrypoint/environment.hpp"
#include "entrypoint/mode.hpp"
#include "supervisor/inherited_signals.hpp"
#include "supervisor/settings.hpp"

#include <string>
#include <vector>

namespace entrypoint {

enum class DryRunFormat { none, text, json };

// What `distcc-init [--mode M] [--dry-run] [--] ARGS` asks for.
struct StartRequest {
    Mode mode = Mode::plain;
    DryRunFormat dry_run = DryRunFormat::none;
    std::vector<std::string> arguments;
    supervisor::Settings supervision;
};

// Plans, shows (dry run) or applies, then supervises; returns distcc-init's exit code.
int start(const StartRequest& request, const Environment& environment,
          const supervisor::InheritedSignals& inherited);

} // namespace entrypoint
