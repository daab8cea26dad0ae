#pragma once

// The rules for paths inside a toolchain bundle (pure): relative, plain, and unable to lead
// out of the folder the bundle is installed in.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toolchain {

// The longest path a bundle may hold (ustar's name and prefix fields hold 255 with "root/").
inline constexpr std::size_t k_max_bundle_path = 240;

// Nothing when `path` is a plain relative path (no leading or doubled '/', no "." or ".."
// component, only letters, digits and . _ + - @ , =); else why not, in a few words.
std::optional<std::string> check_bundle_path(std::string_view path);

// `path` with "." and ".." components resolved by their names, as if every component were a
// folder; nothing when it climbs above its start or is absolute.
std::optional<std::string> normalize_relative_path(std::string_view path);

// The folders `path` lies in, outermost first: "a/b/c" -> {"a", "a/b"}.
std::vector<std::string> parent_folders(std::string_view path);

// "a/b" for "a/b/c", "" for "c".
std::string_view folder_of(std::string_view path);

// The relative path from folder `from` to `to`, both plain bundle paths ("" the root):
// "usr/libexec/gcc/x/14" to "lib/x" -> "../../../../../lib/x"; "." when they are the same.
std::string relative_path(std::string_view from, std::string_view to);

} // namespace toolchain
