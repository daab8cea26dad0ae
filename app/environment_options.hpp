#pragma once

#include "app/command_line.hpp"

#include <optional>
#include <string>

namespace app {

// The environment variables that can stand in for each option, in the order they are tried.
struct EnvironmentOption {
    std::string_view option;                 // e.g. "--grace"
    std::vector<std::string_view> variables; // e.g. {"DISTCC_INIT_GRACE"}
    std::string_view description;            // for the README table and --help
};

// Every option that can come from the environment: the one table of env names.
const std::vector<EnvironmentOption>& environment_options();

// The first variable of `option` that is set in `environment`, as {name, value}.
std::optional<std::pair<std::string, std::string>>
find_environment_value(std::string_view option, const Environment& environment);

// Parses a yes/no value: 1/true/yes/on and 0/false/no/off (any case); empty is false.
std::optional<bool> parse_boolean(std::string_view text);

} // namespace app
