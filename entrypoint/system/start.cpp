#include "entrypoint/system/start.hpp"

#include "entrypoint/plan/build_plan.hpp"
#include "entrypoint/plan/daemon_arguments.hpp"
#include "entrypoint/plan/render_plan.hpp"
#include "entrypoint/system/apply_plan.hpp"
#include "entrypoint/system/gather_facts.hpp"
#include "entrypoint/system/port_check.hpp"
#include "entrypoint/system/state_file.hpp"
#include "util/shell_quote.hpp"

#include <cstdio>
#include <spdlog/spdlog.h>
#include <utility>

namespace entrypoint {
namespace {

void log_plan(const Plan& plan) {
    for (const auto& check : plan.checks) {
        spdlog::info("check: {}", check);
    }
    if (plan.job_count_note) {
        spdlog::info("distccd jobs: {}", *plan.job_count_note);
    }
    if (plan.relay_note) {
        spdlog::info("relay: {}", *plan.relay_note);
    }
    if (plan.compilers) {
        for (const auto& line : describe_toolchains(*plan.compilers)) {
            spdlog::info("serving: {}", line);
        }
    }
    spdlog::info("running: {}", util::join_shell_quoted(plan.programs.main));
    for (const auto& companion : plan.programs.companions) {
        spdlog::info("companion: {}", util::join_shell_quoted(companion));
    }
}

} // namespace

std::optional<supervisor::Job> prepare_start(const StartRequest& request,
                                             const util::Environment& environment,
                                             const supervisor::InheritedSignals& inherited) {
    auto facts = request.mode == Mode::plain
                     ? SystemFacts{}
                     : gather_facts(request.mode, arguments_are_daemon_options(request.arguments),
                                    environment, inherited);
    auto plan = build_plan(request.mode, environment, request.arguments, facts);
    check_ports_free(plan);
    if (request.dry_run != DryRunFormat::none) {
        auto text = request.dry_run == DryRunFormat::json
                        ? render_plan_json(plan, request.supervision)
                        : render_plan_text(plan, request.supervision);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::nullopt;
    }
    if (request.mode != Mode::plain) {
        log_plan(plan);
        apply_plan(plan, inherited);
        if (auto problem = write_state_file(plan.mode, plan.health)) {
            spdlog::warn("the healthcheck will not find the daemon: {}", *problem);
        }
    }
    return supervisor::Job{request.supervision, std::move(plan.programs), inherited};
}

} // namespace entrypoint
