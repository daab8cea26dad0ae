#pragma once

#include <map>
#include <optional>
#include <string>

namespace util {

using Environment = std::map<std::string, std::string>;

// PATH when the environment has none (as sshd and most images set it).
inline constexpr const char* k_default_path =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// The value of `name`, or nothing when it is unset or empty.
std::optional<std::string> lookup(const Environment& environment, const std::string& name);

// This process's environment (environ) as a map.
Environment read_process_environment();

// The first executable regular file called `name` in the PATH of `environment`.
std::optional<std::string> find_in_path(const std::string& name, const Environment& environment);

// True for an executable regular file.
bool is_executable_file(const std::string& path);

} // namespace util
