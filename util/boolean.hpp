#pragma once

#include <optional>
#include <string_view>

namespace util {

// The one yes/no rule of every on/off setting: 1/true/yes/on and 0/false/no/off, in any
// case; empty is off. Nothing for any other text.
std::optional<bool> parse_boolean(std::string_view text);

} // namespace util
