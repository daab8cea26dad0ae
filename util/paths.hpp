#pragma once

#include <string>
#include <string_view>

namespace util {

// PATH without "." and empty parts, and with each ".." taking away the part before it, as
// text alone (no link is followed): "/a/./b/../c" -> "/a/c", "a/../../b" -> "../b". ".."
// at the root stays at the root; an empty path is ".".
std::string normalize_path(std::string_view path);

// Whether normalized PATH is DIRECTORY or lies below it.
bool is_within(std::string_view path, std::string_view directory);

} // namespace util
