#include "app/subcommands/subcommand.hpp"

#include <array>

namespace app::subcommands {

std::span<const Entry> all_subcommands() {
    static constexpr std::array k_entries{
        Entry{"healthcheck", make_healthcheck},
        Entry{"metrics", make_metrics},
        Entry{"hosts", make_hosts},
        Entry{"ssh-front", make_ssh_front},
        Entry{"toolchains", make_toolchains},
        Entry{"check", make_check},
        Entry{"cache-watch", make_cache_watch},
    };
    return k_entries;
}

} // namespace app::subcommands
