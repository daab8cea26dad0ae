#include "entrypoint/plan/build_plan.hpp"

#include "entrypoint/plan/plan_parts.hpp"

namespace entrypoint {

Plan build_plan(Mode mode, const util::Environment& environment,
                const std::vector<std::string>& arguments, const SystemFacts& facts) {
    switch (mode) {
    case Mode::tcp:
        return build_tcp_plan(environment, arguments, facts);
    case Mode::ssh:
        return build_ssh_plan(environment, arguments, facts);
    case Mode::plain:
        break;
    }
    Plan plan;
    plan.programs.main = arguments;
    return plan;
}

} // namespace entrypoint
