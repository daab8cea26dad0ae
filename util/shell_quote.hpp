#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace util {

// Quotes a word for a POSIX shell: bare when it holds only safe characters, else in single
// quotes ('' for the empty word).
std::string shell_quote(std::string_view word);

// Quotes each word and joins them with spaces: a command line a user can paste.
std::string join_shell_quoted(const std::vector<std::string>& words);

} // namespace util
