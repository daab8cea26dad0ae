#pragma once

#include "client/check_command.hpp"
#include "client/hosts_command.hpp"
#include "client/toolchain_pack.hpp"
#include "client/toolchain_push.hpp"
#include "entrypoint/plan/defaults.hpp"
#include "entrypoint/plan/mode.hpp"
#include "entrypoint/plan/render_plan.hpp"
#include "entrypoint/plan/toolchains.hpp"
#include "health/healthcheck.hpp"
#include "metrics/server.hpp"
#include "ssh_front/front.hpp"
#include "supervisor/settings.hpp"
#include "toolchain/system/toolchain_service.hpp"
#include "util/environment.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <spdlog/common.h>
#include <string>
#include <vector>

namespace app {

enum class Action {
    run,
    healthcheck,
    metrics,
    hosts,
    ssh_front,
    toolchains,
    check,
    cache_watch,
    show_version,
    show_license,
    show_help
};

// `distcc-init toolchains` and its words: list (none), pack, push, remove, service, receive.
enum class ToolchainsCommand { list, pack, push, remove, service, receive };
struct ToolchainsRequest {
    ToolchainsCommand command = ToolchainsCommand::list;
    client::PackRequest pack;
    client::PushRequest push;
    std::string remove;                // a served name or a bundle id
    std::string socket;                // remove, receive: the toolchain service's socket
    toolchain::ServiceOptions service; // the worker's companion
};

// Everything the command line and the DISTCC_INIT_* / TINI_* environment ask for.
struct CommandLine {
    Action action = Action::run;
    supervisor::Settings supervision;                                  // -s -g -e -p -w --grace
    spdlog::level::level_enum log_level = spdlog::level::warn;         // -v / --log-level
    entrypoint::Mode mode = entrypoint::Mode::plain;                   // --mode
    entrypoint::DryRunFormat dry_run = entrypoint::DryRunFormat::none; // --dry-run
    std::vector<std::string> arguments; // PROGRAM ARGS, or the daemon's extra ARGS
    health::HealthcheckRequest healthcheck;
    metrics::ServeOptions metrics;
    client::HostsRequest hosts;
    ssh_front::FrontOptions ssh_front;
    client::CheckRequest check;
    std::chrono::milliseconds cache_watch_interval{2000};
    entrypoint::ToolchainsFormat toolchains_format = entrypoint::ToolchainsFormat::text;
    ToolchainsRequest toolchains;
    std::string help_text; // filled for Action::show_help
};

// Parses argv (without argv[0]) with the environment as defaults; the command line wins. A
// value that cannot be used throws util::Refusal with exit code 2.
CommandLine parse_command_line(const std::vector<std::string>& args,
                               const util::Environment& environment);

} // namespace app
