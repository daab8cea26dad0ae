#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace util {

// ASCII case conversion; other bytes pass through.
std::string to_upper(std::string_view text);
std::string to_lower(std::string_view text);
bool equal_ignoring_case(std::string_view a, std::string_view b);

// `text` without leading blanks (spaces and tabs).
std::string_view trim_start(std::string_view text);

// `text` without blanks and line ends at either end.
std::string_view trim(std::string_view text);

// Every field between separators, empty ones included: "a::b" -> {"a", "", "b"}.
std::vector<std::string_view> split(std::string_view text, char separator);

// The words of `text` separated by runs of blanks (spaces and tabs); no empty words.
std::vector<std::string_view> split_words(std::string_view text);

// True when `text` holds a control character (C0 or DEL), one a terminal may act on.
bool has_control_character(std::string_view text);

// `text` with each control character written as a C escape (\n, \t, \r, \xHH): it shows on
// one line and cannot drive a terminal. Other bytes pass through.
std::string escape_control_characters(std::string_view text);

// The last part of a slash-separated path ("/usr/bin/gcc" -> "gcc"); the path itself when it
// has no slash.
std::string_view file_name(std::string_view path);

} // namespace util
