#include "entrypoint/plan/daemon_arguments.hpp"

namespace entrypoint {

bool arguments_are_daemon_options(const std::vector<std::string>& arguments) {
    return arguments.empty() || arguments.front().starts_with("-");
}

std::optional<std::string> find_option_value(const std::vector<std::string>& arguments,
                                             const std::vector<std::string_view>& names) {
    std::optional<std::string> value;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        std::string_view word = arguments[i];
        for (auto name : names) {
            bool is_short = name.size() == 2;
            if (word == name && i + 1 < arguments.size()) {
                value = arguments[i + 1];
            } else if (!is_short && word.starts_with(name) && word.size() > name.size() &&
                       word[name.size()] == '=') {
                value = std::string(word.substr(name.size() + 1));
            } else if (is_short && word.starts_with(name) && word.size() > name.size()) {
                value = std::string(word.substr(name.size()));
            }
        }
    }
    return value;
}

bool has_option(const std::vector<std::string>& arguments,
                const std::vector<std::string_view>& names) {
    for (std::string_view word : arguments) {
        for (auto name : names) {
            bool is_short = name.size() == 2;
            if (word == name || (!is_short && word.starts_with(std::string(name) + "=")) ||
                (is_short && word.starts_with(name))) {
                return true;
            }
        }
    }
    return false;
}

} // namespace entrypoint
