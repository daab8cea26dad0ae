#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace entrypoint {

// True when the container's arguments are options for the daemon (none, or a first word
// starting with '-'), false when they are a command to run instead.
bool arguments_are_daemon_options(const std::vector<std::string>& arguments);

// The value of the last occurrence of an option among `names` ("--port", "-p"), written as
// "--port 3632", "--port=3632" or "-p3632". Nothing when absent.
std::optional<std::string> find_option_value(const std::vector<std::string>& arguments,
                                             const std::vector<std::string_view>& names);

// True when one of `names` appears, with or without a value.
bool has_option(const std::vector<std::string>& arguments,
                const std::vector<std::string_view>& names);

} // namespace entrypoint
