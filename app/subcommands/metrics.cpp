#include "app/cli11.hpp"
#include "app/option_values.hpp"
#include "app/subcommands/subcommand.hpp"
#include "entrypoint/plan/defaults.hpp"
#include "entrypoint/plan/mode.hpp"

#include <fmt/format.h>

namespace app::subcommands {
namespace {

class Metrics final : public Subcommand {
  public:
    CLI::App* declare(CLI::App& cli) override {
        auto* metrics =
            cli.add_subcommand("metrics", "Serve Prometheus metrics of the worker (run "
                                          "as a companion when DISTCC_METRICS_ENABLE is on)");
        metrics->add_option("--address", m_address, "Address to listen on (default 0.0.0.0)")
            ->type_name("ADDRESS");
        metrics->add_option("--port", m_port, "Port to listen on")->type_name("PORT")->required();
        metrics->add_option("--worker", m_worker, "The worker's mode: tcp or ssh")
            ->type_name("MODE");
        metrics->add_option("--stats-address", m_stats_address, "distccd's statistics address")
            ->type_name("ADDRESS");
        metrics->add_option("--stats-port", m_stats_port, "distccd's statistics port")
            ->type_name("PORT");
        m_ccache = metrics->add_flag("--ccache")->description("Export ccache's statistics too");
        metrics
            ->add_option("--session-socket", m_session_socket,
                         "Where the SSH relays report sessions (ssh workers)")
            ->type_name("FILE");
        metrics->add_option("--ssh-user", m_ssh_user, "The SSH user whose sessions are counted")
            ->type_name("USER");
        metrics->add_option("--guard-counts", m_guard_counts, "The compiler guard's refusal counts")
            ->type_name("FILE");
        return metrics;
    }

    void fill(CommandLine& result) const override {
        if (!entrypoint::parse_mode(m_worker)) {
            refuse_usage(fmt::format("option --worker {:?}: expected tcp or ssh", m_worker));
        }
        result.action = Action::metrics;
        auto& options = result.metrics;
        options.address = m_address;
        options.port = parse_port_option("--port", m_port);
        options.sources.worker_mode = m_worker;
        options.sources.stats_address = m_stats_address;
        options.sources.stats_port = parse_port_option("--stats-port", m_stats_port);
        options.sources.ccache = m_ccache->count() > 0;
        if (!m_session_socket.empty()) {
            if (m_ssh_user.empty()) {
                refuse_usage("option --session-socket needs --ssh-user: whose sessions to count");
            }
            options.sources.session_socket = m_session_socket;
            options.sources.ssh_user = m_ssh_user;
        }
        if (!m_guard_counts.empty()) {
            options.sources.guard_counts = m_guard_counts;
        }
    }

  private:
    std::string m_address = "0.0.0.0";
    std::string m_port;
    std::string m_worker = "tcp";
    std::string m_stats_address = "127.0.0.1";
    std::string m_stats_port = std::to_string(entrypoint::defaults::k_distccd_stats_port);
    std::string m_session_socket;
    std::string m_ssh_user;
    std::string m_guard_counts;
    CLI::Option* m_ccache = nullptr;
};

} // namespace

std::unique_ptr<Subcommand> make_metrics() {
    return std::make_unique<Metrics>();
}

} // namespace app::subcommands
