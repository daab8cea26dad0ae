#include "app/environment_options.hpp"

namespace app {

const std::vector<EnvironmentOption>& environment_options() {
    static const std::vector<EnvironmentOption> table{
        {"-s", {"DISTCC_INIT_SUBREAPER", "TINI_SUBREAPER"}, "register as child subreaper"},
        {"-g",
         {"DISTCC_INIT_KILL_PROCESS_GROUP", "TINI_KILL_PROCESS_GROUP"},
         "forward signals to the child's process group"},
        {"-e", {"DISTCC_INIT_REMAP_EXIT"}, "exit codes turned into 0 (comma separated)"},
        {"-p", {"DISTCC_INIT_PARENT_DEATH_SIGNAL"}, "signal received when the parent dies"},
        {"-w", {"DISTCC_INIT_WARN_ON_REAP"}, "warn about each reaped zombie"},
        {"--log-level",
         {"DISTCC_INIT_LOG_LEVEL"},
         "trace, debug, info, warn, error, critical, off"},
        {"-v", {"TINI_VERBOSITY"}, "0 off, 1 warn, 2 info, 3 debug, 4 trace"},
        {"--grace", {"DISTCC_INIT_GRACE"}, "seconds between TERM/INT and KILL"},
        {"--mode", {"DISTCC_INIT_MODE"}, "tcp or ssh: run a distcc worker"},
        {"--dry-run", {"DISTCC_INIT_DRY_RUN"}, "1/text or json: show the plan, change nothing"},
    };
    return table;
}

std::optional<std::pair<std::string, std::string>>
find_environment_value(std::string_view option, const util::Environment& environment) {
    for (const auto& entry : environment_options()) {
        if (entry.option != option) {
            continue;
        }
        for (auto variable : entry.variables) {
            if (auto found = environment.find(std::string(variable)); found != environment.end()) {
                return *found;
            }
        }
    }
    return std::nullopt;
}

} // namespace app
