#include "app/cli11.hpp"
#include "app/subcommands/subcommand.hpp"

namespace app::subcommands {
namespace {

class Toolchains final : public Subcommand {
  public:
    CLI::App* declare(CLI::App& cli) override {
        auto* toolchains = cli.add_subcommand(
            "toolchains", "Print the compilers a worker here serves, and under which names");
        m_json = toolchains->add_flag("--json")->description("As JSON");
        m_labels =
            toolchains->add_flag("--labels")->description("As image labels (KEY=VALUE lines)");
        m_json->excludes(m_labels);
        return toolchains;
    }

    void fill(CommandLine& result) const override {
        using entrypoint::ToolchainsFormat;
        result.action = Action::toolchains;
        result.toolchains_format = m_json->count() > 0     ? ToolchainsFormat::json
                                   : m_labels->count() > 0 ? ToolchainsFormat::labels
                                                           : ToolchainsFormat::text;
    }

  private:
    CLI::Option* m_json = nullptr;
    CLI::Option* m_labels = nullptr;
};

} // namespace

std::unique_ptr<Subcommand> make_toolchains() {
    return std::make_unique<Toolchains>();
}

} // namespace app::subcommands
