#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace util {

// Quotes a word for a POSIX shell: bare when it holds only safe characters, else in single
// quotes ('' for the empty word). A word with a control character is written $'...' with C
// escapes, which bash, zsh and ksh understand (dash does not), so that it stays on one line
// and cannot drive a terminal.
std::string shell_quote(std::string_view word);

// Quotes each word and joins them with spaces: a command line a user can paste.
std::string join_shell_quoted(const std::vector<std::string>& words);

} // namespace util
