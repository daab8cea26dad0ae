#pragma once

#include "util/environment.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace entrypoint {

// An on/off variable such as DISTCC_CCACHE_ENABLE, read with util::parse_boolean's rule
// (unset or empty is off). A bad value is refused (exit 3) with the variable, the value and
// `meaning`, e.g. "1 (compile through ccache) or 0 (no ccache)".
bool read_switch(const util::Environment& environment, const std::string& name,
                 std::string_view meaning);

// A port variable such as DISTCC_SSH_DAEMON_PORT; `fallback` when unset. A bad value is
// refused (exit 3).
std::uint16_t read_port(const util::Environment& environment, const std::string& name,
                        std::uint16_t fallback);

} // namespace entrypoint
