#include "app/cli11.hpp"
#include "app/option_values.hpp"
#include "app/subcommands/subcommand.hpp"

namespace app::subcommands {
namespace {

class Check final : public Subcommand {
  public:
    CLI::App* declare(CLI::App& cli) override {
        auto* check = cli.add_subcommand(
            "check", "Compile a probe through each host and compare its compiler with this "
                     "machine's (run it on a client)");
        check->add_option("hosts", m_hosts, "Hosts as in DISTCC_HOSTS (default: it)")
            ->type_name("HOST");
        check
            ->add_option("--compiler", m_compilers,
                         "A compiler to check (repeatable; default: $(gcc -dumpmachine)-gcc and "
                         "-g++, $CC, $CXX)")
            ->type_name("NAME")
            ->allow_extra_args(false);
        m_json = check->add_flag("--json")->description("As JSON");
        check->add_option("--timeout", m_timeout, "Seconds per compile (default 30)")
            ->type_name("SECONDS");
        m_push = check->add_flag("--push")->description(
            "Pack the compilers a worker lacks or has in another version, push them there, "
            "check again");
        return check;
    }

    void fill(CommandLine& result) const override {
        result.action = Action::check;
        auto& request = result.check;
        request.hosts = m_hosts;
        request.compilers = m_compilers;
        request.json = m_json->count() > 0;
        request.push = m_push->count() > 0;
        request.packer = DISTCC_INIT_VERSION;
        request.timeout = parse_seconds_option("--timeout", m_timeout);
        if (request.timeout.count() == 0) {
            refuse_usage("option --timeout \"0\": expected more than 0 seconds");
        }
    }

  private:
    std::vector<std::string> m_hosts;
    std::vector<std::string> m_compilers;
    std::string m_timeout = "30";
    CLI::Option* m_json = nullptr;
    CLI::Option* m_push = nullptr;
};

} // namespace

std::unique_ptr<Subcommand> make_check() {
    return std::make_unique<Check>();
}

} // namespace app::subcommands
