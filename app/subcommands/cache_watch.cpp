#include "app/cli11.hpp"
#include "app/option_values.hpp"
#include "app/subcommands/subcommand.hpp"
#include "util/number.hpp"

#include <fmt/format.h>

namespace app::subcommands {
namespace {

class CacheWatch final : public Subcommand {
  public:
    CLI::App* declare(CLI::App& cli) override {
        auto* watch = cli.add_subcommand(
            "cache-watch", "Say once when ccache's remote storage (CCACHE_REMOTE_STORAGE) stops "
                           "answering, and when it answers again (run as a companion when it is "
                           "set)");
        watch->add_option("--interval", m_interval, "Seconds between looks (default 2)")
            ->type_name("SECONDS");
        return watch;
    }

    void fill(CommandLine& result) const override {
        auto seconds = util::parse_decimal(m_interval);
        if (!seconds || *seconds < 0.1 || *seconds > 3600) {
            refuse_usage(fmt::format("option --interval {:?}: expected seconds from 0.1 to 3600",
                                     m_interval));
        }
        result.action = Action::cache_watch;
        result.cache_watch_interval =
            std::chrono::milliseconds(static_cast<long long>(*seconds * 1000));
    }

  private:
    std::string m_interval = "2";
};

} // namespace

std::unique_ptr<Subcommand> make_cache_watch() {
    return std::make_unique<CacheWatch>();
}

} // namespace app::subcommands
