#include "util/shell_quote.hpp"

#include "util/text.hpp"

namespace util {

std::string shell_quote(std::string_view word) {
    constexpr std::string_view k_safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789_@%+=:,./-";
    if (!word.empty() && word.find_first_not_of(k_safe) == std::string_view::npos) {
        return std::string(word);
    }
    if (has_control_character(word)) {
        std::string quoted = "$'";
        for (char c : word) {
            if (c == '\\' || c == '\'') {
                quoted += '\\';
            }
            quoted += escape_control_characters({&c, 1});
        }
        return quoted + "'";
    }
    std::string quoted = "'";
    for (char c : word) {
        if (c == '\'') {
            quoted += "'\\''";
        } else {
            quoted += c;
        }
    }
    return quoted + "'";
}

std::string join_shell_quoted(const std::vector<std::string>& words) {
    std::string line;
    for (const auto& word : words) {
        if (!line.empty()) {
            line += ' ';
        }
        line += shell_quote(word);
    }
    return line;
}

} // namespace util
