#include "app/run_action.hpp"

#include "client/check_command.hpp"
#include "client/hosts_command.hpp"
#include "entrypoint/system/start.hpp"
#include "entrypoint/system/toolchain_discovery.hpp"
#include "health/healthcheck.hpp"
#include "metrics/remote_cache_watch.hpp"
#include "metrics/server.hpp"
#include "supervisor/inherited_signals.hpp"
#include "toolchain/system/service_client.hpp"

#include <utility>

namespace app {
namespace {

ActionOutcome run_toolchains(const CommandLine& command_line,
                             const util::Environment& environment) {
    const auto& request = command_line.toolchains;
    switch (request.command) {
    case ToolchainsCommand::list:
        break;
    case ToolchainsCommand::pack:
        return client::run_pack(request.pack, environment);
    case ToolchainsCommand::push:
        return client::run_push(request.push, environment);
    case ToolchainsCommand::remove:
        return toolchain::remove_through_service(request.socket, request.remove);
    case ToolchainsCommand::receive:
        return toolchain::bridge_to_service(request.socket);
    case ToolchainsCommand::service:
        return toolchain::serve_toolchains(request.service);
    }
    return entrypoint::print_toolchains(environment, command_line.toolchains_format);
}

} // namespace

ActionOutcome run_action(const CommandLine& command_line, const util::Environment& environment) {
    switch (command_line.action) {
    case Action::healthcheck:
        return health::run_healthcheck(command_line.healthcheck);
    case Action::metrics:
        return metrics::serve_metrics(command_line.metrics);
    case Action::cache_watch:
        return metrics::watch_remote_cache(command_line.cache_watch_interval);
    case Action::hosts:
        return client::print_host_list(command_line.hosts);
    case Action::ssh_front:
        return ssh_front::serve_connections(command_line.ssh_front);
    case Action::check:
        return client::run_check(command_line.check, environment);
    case Action::toolchains:
        return run_toolchains(command_line, environment);
    default:
        break;
    }
    // Signals are taken over first, so a SIGTERM during provisioning waits for the loop.
    auto inherited = supervisor::take_over_signals();
    entrypoint::StartRequest request{command_line.mode, command_line.dry_run,
                                     command_line.arguments, command_line.supervision};
    auto job = entrypoint::prepare_start(request, environment, inherited);
    if (!job) {
        return 0; // a dry run: shown, nothing to supervise
    }
    return std::move(*job);
}

} // namespace app
