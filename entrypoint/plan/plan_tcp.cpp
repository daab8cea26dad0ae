#include "entrypoint/plan/daemon_arguments.hpp"
#include "entrypoint/plan/environment_values.hpp"
#include "entrypoint/plan/plan_parts.hpp"
#include "entrypoint/plan/privileges.hpp"
#include "entrypoint/plan/toolchain_bundles.hpp"
#include "util/exit_codes.hpp"
#include "util/number.hpp"
#include "util/refusal.hpp"

#include <fmt/format.h>

namespace entrypoint {

Plan build_tcp_plan(const util::Environment& environment, const std::vector<std::string>& arguments,
                    const SystemFacts& facts) {
    Plan plan;
    plan.mode = Mode::tcp;
    require_distccd(facts);
    plan.checks.push_back("distccd: " + *facts.distccd_path);
    plan.checks.emplace_back(
        facts.running_as_root ? "running as root: distccd switches to user distcc (--user distcc)"
                              : "running as a non-root user: distccd keeps this user");
    add_worker_account(plan, facts);
    add_ccache(plan, environment, facts);
    bool watch_cache = add_remote_cache(plan, environment, facts);
    auto metrics = read_metrics_request(environment);
    if (!arguments_are_daemon_options(arguments)) {
        plan.checks.emplace_back("arguments are a command: it runs instead of distccd");
        plan.programs.main = arguments;
        return plan;
    }
    add_served_compilers(plan, environment, facts);
    plan.programs.main = distccd_command(plan, facts, {"--allow-private"}, arguments);
    auto port_text = find_option_value(arguments, {"--port", "-p"})
                         .value_or(std::to_string(defaults::k_distccd_port));
    auto port = util::parse_port(port_text);
    if (!port) {
        throw util::Refusal(
            util::k_exit_usage,
            fmt::format("distccd --port {:?}: expected a TCP port from 1 to 65535", port_text));
    }
    plan.health.distccd_port = *port;
    if (!plan.programs.drain_marker.empty()) {
        plan.programs.drain_ports = {*port};
    }
    if (has_option(arguments, {"--stats"})) {
        plan.health.distccd_stats = true;
        auto stats_port = find_option_value(arguments, {"--stats-port"});
        plan.health.distccd_stats_port =
            util::parse_port(stats_port.value_or("")).value_or(defaults::k_distccd_stats_port);
    }
    auto listen = find_option_value(arguments, {"--listen"});
    if (listen && *listen != "0.0.0.0" && *listen != "::") {
        plan.health.address = *listen;
    }
    auto push_port =
        read_port(environment, "DISTCC_TOOLCHAIN_PORT",
                  static_cast<std::uint16_t>(*port + defaults::k_toolchain_port_offset));
    auto toolchain_service =
        plan_toolchain_service(plan, environment, facts, push_port, listen, std::nullopt);
    if (metrics) {
        add_metrics(plan, *metrics, facts, plan.programs.main, {*port, push_port});
    }
    if (toolchain_service) {
        plan.programs.companions.push_back(std::move(*toolchain_service));
    }
    if (watch_cache) {
        add_cache_watch(plan, facts);
    }
    check_privileges(plan, facts, std::nullopt);
    return plan;
}

} // namespace entrypoint
