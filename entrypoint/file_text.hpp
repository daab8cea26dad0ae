#pragma once

#include <optional>
#include <string>

namespace entrypoint {

// The whole content of a file; nothing when it cannot be read (errno tells why).
std::optional<std::string> read_text_file(const std::string& path);

} // namespace entrypoint
