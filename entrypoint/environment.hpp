#pragma once

#include <map>
#include <optional>
#include <string>

namespace entrypoint {

using Environment = std::map<std::string, std::string>;

// The value of `name`, or nothing when it is unset or empty.
inline std::optional<std::string> lookup(const Environment& environment, const std::string& name) {
    auto found = environment.find(name);
    if (found == environment.end() || found->second.empty()) {
        return std::nullopt;
    }
    return found->second;
}

} // namespace entrypoint
