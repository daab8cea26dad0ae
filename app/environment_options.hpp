#pragma once

#include "util/environment.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
find_environment_value(std::string_view option, const util::Environment& environment);

} // namespace app
