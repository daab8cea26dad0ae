#include "app/cli11.hpp"
#include "app/option_values.hpp"
#include "app/subcommands/subcommand.hpp"
#include "client/host_list.hpp"
#include "entrypoint/plan/defaults.hpp"
#include "util/number.hpp"

#include <fmt/format.h>

namespace app::subcommands {
namespace {

class Hosts final : public Subcommand {
  public:
    CLI::App* declare(CLI::App& cli) override {
        auto* hosts = cli.add_subcommand(
            "hosts", "Print a DISTCC_HOSTS line for the workers of a pool that answer, with this "
                     "client's own slots (run it on a client)");
        hosts
            ->add_option("pool", m_pool,
                         "Workers as DISTCC_HOSTS spells them (HOST[:PORT][/LIMIT][,lzo], "
                         "[USER]@HOST, localhost/N), or names that resolve to several")
            ->type_name("WORKER");
        hosts->add_option("--port", m_port, "distccd's port where a worker has none (default 3632)")
            ->type_name("PORT");
        hosts
            ->add_option("--stats-port", m_stats_port,
                         "distccd's statistics port (default: each worker's port + 1)")
            ->type_name("PORT");
        hosts->add_option("--metrics-port", m_metrics_port, "The metrics port (default 3634)")
            ->type_name("PORT");
        m_ssh = hosts->add_flag("--ssh")->description("Bare words are SSH workers (@host)");
        hosts->add_option("--ssh-user", m_ssh_user, "user@ in those SSH specs")->type_name("USER");
        hosts->add_option("--ssh-port", m_ssh_port, "sshd's port, to probe (default 22)")
            ->type_name("PORT");
        m_lzo = hosts->add_flag("--lzo")->description("Compress what travels (,lzo)");
        m_pump = hosts->add_flag("--pump")->description(
            "Pump mode: ,cpp,lzo on every worker (the build runs under distcc-pump)");
        hosts
            ->add_option("--localhost", m_localhost,
                         "This client's own slots, localhost/N (0: none; default: one per CPU, "
                         "none when the client has less than a fifth of the farm's CPUs)")
            ->type_name("N");
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
        for (const auto& word : m_pool) {
            std::string problem;
            auto host = client::parse_host_spec(word, problem);
            if (!host) {
                refuse_usage("hosts: " + problem);
            }
            if (host->localhost && request.line.localhost) {
                refuse_usage("hosts: localhost is given twice");
            }
            if (host->localhost) {
                request.line.localhost = host;
            } else {
                request.pool.push_back(std::move(*host));
            }
        }
        if (request.pool.empty()) {
            refuse_usage("hosts: no worker given, only localhost");
        }
        auto& settings = request.settings;
        settings.ssh = m_ssh->count() > 0;
        settings.ssh_user = m_ssh_user;
        settings.distccd_port = parse_port_option("--port", m_port);
        if (!m_stats_port.empty()) {
            settings.stats_port = parse_port_option("--stats-port", m_stats_port);
        }
        settings.metrics_port = parse_port_option("--metrics-port", m_metrics_port);
        settings.ssh_port = parse_port_option("--ssh-port", m_ssh_port);
        request.line.lzo = m_lzo->count() > 0;
        request.line.pump = m_pump->count() > 0;
        if (!m_localhost.empty()) {
            auto slots = util::parse_integer<int>(m_localhost);
            if (!slots || *slots < 0 || *slots > 1024) {
                refuse_usage(fmt::format("option --localhost {:?}: expected a number of slots "
                                         "from 0 (none) to 1024",
                                         m_localhost));
            }
            request.line.localhost_slots = slots;
        }
        request.timeout = parse_seconds_option("--timeout", m_timeout);
    }

  private:
    std::vector<std::string> m_pool;
    std::string m_port = std::to_string(entrypoint::defaults::k_distccd_port);
    std::string m_stats_port;
    std::string m_metrics_port = std::to_string(entrypoint::defaults::k_metrics_port);
    std::string m_ssh_port = std::to_string(entrypoint::defaults::k_sshd_port);
    std::string m_ssh_user;
    std::string m_localhost;
    std::string m_timeout = "2";
    CLI::Option* m_ssh = nullptr;
    CLI::Option* m_lzo = nullptr;
    CLI::Option* m_pump = nullptr;
};

} // namespace

std::unique_ptr<Subcommand> make_hosts() {
    return std::make_unique<Hosts>();
}

} // namespace app::subcommands
