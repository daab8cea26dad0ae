#include "app/run_action.hpp"

#include "entrypoint/healthcheck.hpp"
#include "entrypoint/start.hpp"
#include "relay/session.hpp"
#include "supervisor/inherited_signals.hpp"

namespace app {
namespace {

entrypoint::DryRunFormat dry_run_format(DryRun dry_run) {
    switch (dry_run) {
    case DryRun::text:
        return entrypoint::DryRunFormat::text;
    case DryRun::json:
        return entrypoint::DryRunFormat::json;
    case DryRun::off:
        break;
    }
    return entrypoint::DryRunFormat::none;
}

int run_relay(const RelayOptions& options, const Environment& environment) {
    relay::SessionSettings settings;
    if (auto command = environment.find("SSH_ORIGINAL_COMMAND"); command != environment.end()) {
        settings.original_command = command->second;
    }
    settings.daemon_port = options.port;
    settings.compile_only = options.compile_only;
    auto shell = environment.find("SHELL");
    settings.user_shell =
        shell != environment.end() && !shell->second.empty() ? shell->second : "/bin/sh";
    return relay::run_session(settings);
}

} // namespace

int run_action(const CommandLine& command_line, const Environment& environment) {
    switch (command_line.action) {
    case Action::healthcheck:
        return entrypoint::run_healthcheck(
            {command_line.healthcheck.deep, command_line.healthcheck.timeout});
    case Action::relay:
        return run_relay(command_line.relay, environment);
    default:
        break;
    }
    // Signals are taken over first, so a SIGTERM during provisioning waits for the loop.
    auto inherited = supervisor::take_over_signals();
    entrypoint::StartRequest request{command_line.mode, dry_run_format(command_line.dry_run),
                                     command_line.arguments, command_line.supervision};
    return entrypoint::start(request, environment, inherited);
}

} // namespace app
