#include "app/cli11.hpp"
#include "app/option_values.hpp"
#include "app/subcommands/subcommand.hpp"
#include "entrypoint/plan/defaults.hpp"

namespace app::subcommands {
namespace {

class Hosts final : public Subcommand {
  public:
    CLI::App* declare(CLI::App& cli) override {
        auto* hosts = cli.add_subcommand(
            "hosts", "Print a DISTCC_HOSTS line for the workers of a pool that answer (run it "
                     "on a client)");
        hosts->add_option("pool", m_pool, "Worker addresses, or names that resolve to several")
            ->type_name("WORKER");
        hosts->add_option("--port", m_port, "distccd's port (default 3632)")->type_name("PORT");
        hosts
            ->add_option("--stats-port", m_stats_port,
                         "distccd's statistics port (default: its port + 1)")
            ->type_name("PORT");
        hosts->add_option("--metrics-port", m_metrics_port, "The metrics port (default 3634)")
            ->type_name("PORT");
        m_ssh = hosts->add_flag("--ssh")->description("SSH workers: @host specs, sshd probed");
        hosts->add_option("--ssh-user", m_ssh_user, "user@ in the SSH specs")->type_name("USER");
        hosts->add_option("--ssh-port", m_ssh_port, "sshd's port, to probe (default 22)")
            ->type_name("PORT");
        m_lzo = hosts->add_flag("--lzo")->description("Compress what travels (,lzo)");
        hosts->add_option("--timeout", m_timeout, "Seconds per worker (default 2)")
            ->type_name("SECONDS");
        return hosts;
    }

    void fill(CommandLine& result) const override {
        if (m_pool.empty()) {
            refuse_usage("hosts: no worker given: distcc-init hosts WORKER... (addresses, or "
                         "names that resolve to several)");
        }
        result.action = Action::hosts;
        auto& request = result.hosts;
        request.pool = m_pool;
        auto& settings = request.settings;
        settings.ssh = m_ssh->count() > 0;
        settings.ssh_user = m_ssh_user;
        settings.lzo = m_lzo->count() > 0;
        settings.distccd_port = parse_port_option("--port", m_port);
        settings.stats_port = m_stats_port.empty()
                                  ? static_cast<std::uint16_t>(settings.distccd_port + 1)
                                  : parse_port_option("--stats-port", m_stats_port);
        settings.metrics_port = parse_port_option("--metrics-port", m_metrics_port);
        settings.ssh_port = parse_port_option("--ssh-port", m_ssh_port);
        request.timeout = parse_seconds_option("--timeout", m_timeout);
    }

  private:
    std::vector<std::string> m_pool;
    std::string m_port = std::to_string(entrypoint::defaults::k_distccd_port);
    std::string m_stats_port;
    std::string m_metrics_port = std::to_string(entrypoint::defaults::k_metrics_port);
    std::string m_ssh_port = std::to_string(entrypoint::defaults::k_sshd_port);
    std::string m_ssh_user;
    std::string m_timeout = "2";
    CLI::Option* m_ssh = nullptr;
    CLI::Option* m_lzo = nullptr;
};

} // namespace

std::unique_ptr<Subcommand> make_hosts() {
    return std::make_unique<Hosts>();
}

} // namespace app::subcommands
