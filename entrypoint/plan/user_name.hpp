#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace entrypoint {

// Checks a user name for the SSH account: portable ([a-z_][a-z0-9_-]{0,31}) and not root.
// Returns what is wrong (without the name; the caller adds the variable and value).
std::optional<std::string> check_user_name(std::string_view name);

} // namespace entrypoint
