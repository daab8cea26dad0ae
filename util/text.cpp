#include "util/text.hpp"

#include <algorithm>
#include <cctype>

namespace util {
namespace {

constexpr std::string_view k_blanks = " \t";

template <typename Convert> std::string convert_case(std::string_view text, Convert convert) {
    std::string converted(text);
    std::ranges::transform(converted, converted.begin(),
                           [&](unsigned char c) { return static_cast<char>(convert(c)); });
    return converted;
}

} // namespace

std::string to_upper(std::string_view text) {
    return convert_case(text, [](int c) { return std::toupper(c); });
}

std::string to_lower(std::string_view text) {
    return convert_case(text, [](int c) { return std::tolower(c); });
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && to_upper(a) == to_upper(b);
}

std::string_view trim_start(std::string_view text) {
    auto start = text.find_first_not_of(k_blanks);
    return start == std::string_view::npos ? std::string_view{} : text.substr(start);
}

std::string_view trim(std::string_view text) {
    constexpr std::string_view k_space = " \t\r\n";
    auto start = text.find_first_not_of(k_space);
    if (start == std::string_view::npos) {
        return {};
    }
    return text.substr(start, text.find_last_not_of(k_space) - start + 1);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> fields;
    while (true) {
        auto end = text.find(separator);
        fields.push_back(text.substr(0, end));
        if (end == std::string_view::npos) {
            return fields;
        }
        text.remove_prefix(end + 1);
    }
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    for (text = trim_start(text); !text.empty(); text = trim_start(text)) {
        auto end = text.find_first_of(k_blanks);
        words.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    }
    return words;
}

bool has_control_character(std::string_view text) {
    return std::ranges::any_of(text, [](char c) {
        auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

std::string escape_control_characters(std::string_view text) {
    constexpr std::string_view k_hex = "0123456789abcdef";
    std::string escaped;
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '\n') {
            escaped += "\\n";
        } else if (c == '\t') {
            escaped += "\\t";
        } else if (c == '\r') {
            escaped += "\\r";
        } else if (byte < 0x20 || byte == 0x7f) {
            escaped += "\\x";
            escaped += k_hex[byte >> 4];
            escaped += k_hex[byte & 0xf];
        } else {
            escaped += c;
        }
    }
    return escaped;
}

std::string_view file_name(std::string_view path) {
    return path.substr(path.rfind('/') + 1); // npos + 1 is 0: no slash, the whole path
}

} // namespace util
