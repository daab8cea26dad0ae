#include "app/cli11.hpp"
#include "app/option_values.hpp"
#include "app/subcommands/subcommand.hpp"

namespace app::subcommands {
namespace {

class Healthcheck final : public Subcommand {
  public:
    CLI::App* declare(CLI::App& cli) override {
        auto* healthcheck =
            cli.add_subcommand("healthcheck", "Check the running worker (exit 0 or 1)");
        m_deep = healthcheck->add_flag("--deep")->description(
            "Also compile a tiny source through distccd");
        m_timeout = healthcheck->add_option("--timeout", "Seconds allowed (default 5)")
                        ->type_name("SECONDS");
        return healthcheck;
    }

    void fill(CommandLine& result) const override {
        result.action = Action::healthcheck;
        result.healthcheck.deep = m_deep->count() > 0;
        if (m_timeout->count() > 0) {
            result.healthcheck.timeout =
                parse_seconds_option("--timeout", m_timeout->results().back());
        }
    }

  private:
    CLI::Option* m_deep = nullptr;
    CLI::Option* m_timeout = nullptr;
};

} // namespace

std::unique_ptr<Subcommand> make_healthcheck() {
    return std::make_unique<Healthcheck>();
}

} // namespace app::subcommands
