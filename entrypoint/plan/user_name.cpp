#include "entrypoint/plan/user_name.hpp"

namespace entrypoint {

std::optional<std::string> check_user_name(std::string_view name) {
    constexpr std::string_view k_first = "abcdefghijklmnopqrstuvwxyz_";
    constexpr std::string_view k_rest = "abcdefghijklmnopqrstuvwxyz0123456789_-";
    if (name == "root") {
        return "root cannot be the SSH user: choose an unprivileged name";
    }
    if (name.empty() || name.size() > 32 || k_first.find(name.front()) == std::string_view::npos ||
        name.find_first_not_of(k_rest) != std::string_view::npos) {
        return "expected a portable user name: lower-case letters, digits, '_' or '-', "
               "starting with a letter or '_', at most 32 characters";
    }
    return std::nullopt;
}

} // namespace entrypoint
