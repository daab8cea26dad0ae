#include "app/cli11.hpp"
#include "app/option_values.hpp"
#include "app/subcommands/subcommand.hpp"
#include "entrypoint/plan/defaults.hpp"
#include "util/number.hpp"

#include <fmt/format.h>

namespace app::subcommands {
namespace {

class SshFront final : public Subcommand {
  public:
    CLI::App* declare(CLI::App& cli) override {
        auto* front = cli.add_subcommand(
            "ssh-front", "Accept SSH connections and start sshd -i for each, with TCP_NODELAY "
                         "(the ssh worker's tunnel mode runs it)");
        front->add_option("--address", m_address, "Address to listen on (default: all)")
            ->type_name("ADDRESS");
        front->add_option("--port", m_port, "Port to listen on")->type_name("PORT")->required();
        front->add_option("--max-connections", m_max_connections, "Connections open at once")
            ->type_name("N");
        front->add_option("sshd", m_sshd_command, "The sshd -i command line")->required();
        return front;
    }

    void fill(CommandLine& result) const override {
        result.action = Action::ssh_front;
        auto& options = result.ssh_front;
        options.address = m_address;
        options.port = parse_port_option("--port", m_port);
        auto limit = util::parse_integer<int>(m_max_connections);
        if (!limit || *limit < 1) {
            refuse_usage(
                fmt::format("option --max-connections {:?}: expected a whole number from 1 up",
                            m_max_connections));
        }
        options.max_connections = *limit;
        options.sshd_command = m_sshd_command;
    }

  private:
    std::string m_address;
    std::string m_port;
    std::string m_max_connections = std::to_string(entrypoint::defaults::k_ssh_front_connections);
    std::vector<std::string> m_sshd_command;
};

} // namespace

std::unique_ptr<Subcommand> make_ssh_front() {
    return std::make_unique<SshFront>();
}

} // namespace app::subcommands
