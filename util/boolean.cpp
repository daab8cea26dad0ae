#include "util/boolean.hpp"

#include "util/text.hpp"

namespace util {

std::optional<bool> parse_boolean(std::string_view text) {
    auto lower = to_lower(text);
    if (lower.empty() || lower == "0" || lower == "false" || lower == "no" || lower == "off") {
        return false;
    }
    if (lower == "1" || lower == "true" || lower == "yes" || lower == "on") {
        return true;
    }
    return std::nullopt;
}

} // namespace util
