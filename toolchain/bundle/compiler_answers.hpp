#pragma once

// What a compiler and the system's loader say about a compiler's parts, read (pure): the
// packer never guesses a path, it asks and reads the answers here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toolchain {

// One line of the loader's `--list` (what ldd prints): a library and where it was found.
struct LoadedLibrary {
    std::string name; // as needed: libz.so.1; the loader itself: its path
    std::string path; // where it was found; empty when it was not found
};

// The libraries in `ld.so --list PROGRAM` output (glibc and musl), without the kernel's vDSO.
std::vector<LoadedLibrary> parse_loader_list(std::string_view text);

// The folders in the "programs: =A:B:..." line of `gcc -print-search-dirs`, in order.
std::vector<std::string> parse_program_folders(std::string_view text);

// "clang" when the first line of `--version` names clang, else "gcc".
std::string family_from_version_banner(std::string_view text);

} // namespace toolchain
