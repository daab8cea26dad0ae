#pragma once

#include <map>
#include <optional>
#include <string>

namespace entrypoint {

using Environment = std::map<std::string, std::string>;

// PATH when the environment has none (as sshd and most images set it).
inline constexpr const char* k_default_path =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// The value of `name`, or nothing when it is unset or empty.
inline std::optional<std::string> lookup(const Environment& environment, const std::string& name) {
    auto found = environment.find(name);
    if (found == environment.end() || found->second.empty()) {
        return std::nullopt;
    }
    return found->second;
}

} // namespace entrypoint
