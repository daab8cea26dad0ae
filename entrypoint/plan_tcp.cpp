#include "entrypoint/daemon_arguments.hpp"
#include "entrypoint/plan_parts.hpp"

#include <fmt/format.h>

namespace entrypoint {

std::variant<Plan, PlanError> build_tcp_plan(const Environment& environment,
                                             const std::vector<std::string>& arguments,
                                             const SystemFacts& facts) {
    Plan plan;
    plan.mode = Mode::tcp;
    if (!facts.distccd_path) {
        return PlanError{k_exit_missing_program,
                         "distccd is not installed (not found in PATH): install distcc "
                         "(Gentoo sys-devel/distcc, Debian distcc)"};
    }
    plan.checks.push_back("distccd: " + *facts.distccd_path);
    plan.checks.emplace_back(
        facts.running_as_root ? "running as root: distccd switches to user distcc (--user distcc)"
                              : "running as a non-root user: distccd keeps this user");
    add_worker_account(plan, facts);
    if (auto error = add_ccache(plan, environment, facts)) {
        return *error;
    }
    if (!arguments_are_daemon_options(arguments)) {
        plan.checks.emplace_back("arguments are a command: it runs instead of distccd");
        plan.programs.main = arguments;
        return plan;
    }
    plan.programs.main = distccd_command(plan, facts, {"--allow-private"}, arguments);
    auto port_text = find_option_value(arguments, {"--port", "-p"}).value_or("3632");
    auto port = parse_port_number(port_text);
    if (!port) {
        return PlanError{
            2, fmt::format("distccd --port {:?}: expected a TCP port from 1 to 65535", port_text)};
    }
    plan.health.distccd_port = *port;
    if (has_option(arguments, {"--stats"})) {
        plan.health.distccd_stats = true;
        auto stats_port = find_option_value(arguments, {"--stats-port"});
        plan.health.distccd_stats_port =
            stats_port ? parse_port_number(*stats_port).value_or(3633) : 3633;
    }
    auto listen = find_option_value(arguments, {"--listen"});
    if (listen && *listen != "0.0.0.0" && *listen != "::") {
        plan.health.address = *listen;
    }
    return plan;
}

} // namespace entrypoint
