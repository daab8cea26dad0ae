#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace util {

// Event counts that many short-lived processes add to and another process reads, for the
// metrics: a small file of "NAME VALUE" lines.
using Counts = std::map<std::string, double, std::less<>>;

std::string format_counts(const Counts& counts);

// Lines of two words, a name (letters, digits, '_', at most 32) and a number; anything else is
// skipped, and no more than 64 names are taken.
Counts parse_counts(std::string_view text);

// Adds one to NAME in the counts file PATH, created (mode 0644) when missing. Never through a
// symbolic link or into anything but a regular file, and never waiting long: a lock another
// process holds, or a file that is not what it should be, leaves the event uncounted.
void add_count(const std::string& path, std::string_view name) noexcept;

// The counts in PATH, read as a file another user may have written (read_untrusted_file);
// nothing when it is missing or refused.
std::optional<Counts> read_counts(const std::string& path);

} // namespace util
