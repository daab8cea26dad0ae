#pragma once

#include <optional>
#include <string_view>

namespace entrypoint {

// What distcc-init starts: a plain command (tini replacement) or one of the worker daemons.
enum class Mode { plain, tcp, ssh };

// "tcp" or "ssh"; anything else is not a worker mode.
std::optional<Mode> parse_mode(std::string_view text);

// The name used in logs and the dry run.
std::string_view mode_name(Mode mode);

} // namespace entrypoint
