#include "entrypoint/plan/environment_values.hpp"

#include "util/boolean.hpp"
#include "util/exit_codes.hpp"
#include "util/number.hpp"
#include "util/refusal.hpp"

#include <fmt/format.h>

namespace entrypoint {

bool read_switch(const util::Environment& environment, const std::string& name,
                 std::string_view meaning) {
    auto text = util::lookup(environment, name);
    if (!text) {
        return false;
    }
    auto value = util::parse_boolean(*text);
    if (!value) {
        throw util::Refusal(util::k_exit_configuration,
                            fmt::format("{}={:?}: expected {}; yes/no, true/false and on/off "
                                        "are understood too",
                                        name, *text, meaning));
    }
    return *value;
}

std::uint16_t read_port(const util::Environment& environment, const std::string& name,
                        std::uint16_t fallback) {
    auto text = util::lookup(environment, name);
    if (!text) {
        return fallback;
    }
    auto port = util::parse_port(*text);
    if (!port) {
        throw util::Refusal(
            util::k_exit_configuration,
            fmt::format("{}={:?}: expected a TCP port from 1 to 65535", name, *text));
    }
    return *port;
}

} // namespace entrypoint
