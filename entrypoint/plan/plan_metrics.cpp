// The metrics companion (DISTCC_METRICS_ENABLE) of both worker modes.
#include "entrypoint/plan/daemon_arguments.hpp"
#include "entrypoint/plan/environment_values.hpp"
#include "entrypoint/plan/plan_parts.hpp"
#include "util/exit_codes.hpp"
#include "util/number.hpp"
#include "util/refusal.hpp"
#include "util/socket_address.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace entrypoint {
namespace {

// distccd's statistics port: the one its arguments name, else the port after its own.
std::uint16_t ensure_stats_page(std::vector<std::string>& distccd, std::uint16_t distccd_port) {
    if (!has_option(distccd, {"--stats"})) {
        distccd.emplace_back("--stats");
    }
    if (auto given = find_option_value(distccd, {"--stats-port"})) {
        return util::parse_port(*given).value_or(defaults::k_distccd_stats_port);
    }
    auto port = static_cast<std::uint16_t>(distccd_port + 1);
    distccd.insert(distccd.end(), {"--stats-port", std::to_string(port)});
    return port;
}

} // namespace

std::optional<MetricsRequest> read_metrics_request(const util::Environment& environment) {
    if (!read_switch(environment, "DISTCC_METRICS_ENABLE",
                     "1 (serve Prometheus metrics) or 0 (no metrics)")) {
        return std::nullopt;
    }
    MetricsRequest request;
    request.port = read_port(environment, "DISTCC_METRICS_PORT", defaults::k_metrics_port);
    request.address = util::lookup(environment, "DISTCC_METRICS_ADDRESS")
                          .value_or(std::string(defaults::k_metrics_address));
    if (!util::parse_socket_address(request.address, request.port)) {
        throw util::Refusal(util::k_exit_configuration,
                            fmt::format("DISTCC_METRICS_ADDRESS={:?}: expected a numeric IPv4 or "
                                        "IPv6 address, e.g. 0.0.0.0 or ::",
                                        request.address));
    }
    return request;
}

void add_metrics(Plan& plan, const MetricsRequest& request, const SystemFacts& facts,
                 std::vector<std::string>& distccd, const std::vector<std::uint16_t>& taken_ports,
                 const std::string& ssh_user) {
    auto distccd_port = plan.health.distccd_port.value_or(defaults::k_distccd_port);
    auto stats_port = ensure_stats_page(distccd, distccd_port);
    plan.health.distccd_stats = true;
    plan.health.distccd_stats_port = stats_port;
    auto taken = taken_ports;
    taken.push_back(stats_port);
    if (std::ranges::find(taken, request.port) != taken.end()) {
        throw util::Refusal(util::k_exit_configuration,
                            fmt::format("DISTCC_METRICS_PORT={}: the worker uses that port "
                                        "already (distccd, its statistics page or sshd); choose "
                                        "another",
                                        request.port));
    }
    std::vector<std::string> command{facts.self_path,   "metrics",
                                     "--address",       request.address,
                                     "--port",          std::to_string(request.port),
                                     "--worker",        std::string(mode_name(plan.mode)),
                                     "--stats-address", plan.health.address,
                                     "--stats-port",    std::to_string(stats_port)};
    if (plan.environment.contains("CCACHE_DIR")) {
        command.emplace_back("--ccache");
    }
    if (plan.mode == Mode::ssh) {
        command.insert(command.end(), {"--session-socket", std::string(defaults::k_session_socket),
                                       "--ssh-user", ssh_user});
    }
    if (auto counts = plan.environment.find("DISTCC_GUARD_COUNTS");
        counts != plan.environment.end()) {
        command.insert(command.end(), {"--guard-counts", counts->second});
    }
    plan.programs.companions.push_back(std::move(command));
    plan.ports_to_check.push_back({request.address, request.port, "DISTCC_METRICS_PORT"});
    plan.checks.push_back(
        fmt::format("metrics: on, http://{}/metrics, distccd statistics on port {}",
                    util::format_endpoint(request.address, request.port), stats_port));
}

} // namespace entrypoint
