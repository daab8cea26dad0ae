#include "entrypoint/plan/build_plan.hpp"

#include "entrypoint/plan/plan_parts.hpp"

namespace entrypoint {

namespace {

// What the daemons, companions and a command run instead must not inherit: key material, where
// secrets are (the toolchain push token reaches the toolchain service in a file of its own), and
// distcc-init's own settings (DISTCC_INIT_*, TINI_*), which mean nothing to them.
std::vector<std::string> variables_not_passed_on(const util::Environment& environment) {
    std::vector<std::string> removed;
    for (const auto& [name, value] : environment) {
        if (name == "AUTHORIZED_KEYS" || name == "AUTHORIZED_KEYS_FILE" ||
            name.starts_with("DISTCC_TOOLCHAIN_TOKEN") ||
            name == "DISTCC_CCACHE_REMOTE_PASSWORD_FILE" || name.starts_with("DISTCC_INIT_") ||
            name.starts_with("TINI_")) {
            removed.push_back(name);
        }
    }
    return removed;
}

} // namespace

Plan build_plan(Mode mode, const util::Environment& environment,
                const std::vector<std::string>& arguments, const SystemFacts& facts) {
    Plan plan;
    switch (mode) {
    case Mode::tcp:
        plan = build_tcp_plan(environment, arguments, facts);
        break;
    case Mode::ssh:
        plan = build_ssh_plan(environment, arguments, facts);
        break;
    case Mode::plain:
        // As tini: the program gets the environment as it is.
        plan.programs.main = arguments;
        return plan;
    }
    plan.removed_environment = variables_not_passed_on(environment);
    return plan;
}

} // namespace entrypoint
