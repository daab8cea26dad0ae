#pragma once

// A toolchain bundle's manifest (pure): the compilers it holds and the names each is served
// under, and every file, folder and link in it with its mode, size and SHA-256. It is the
// bundle's first member; its own SHA-256 is the bundle's id, so the id names the content.
//
//   distcc-toolchain-bundle 1
//   packer 0.1.0
//   machine 62
//   loader lib64/ld-linux-x86-64.so.2
//   compiler gcc 14.2.0 x86_64-linux-gnu usr/bin/x86_64-linux-gnu-gcc-14
//   identity GCC: (Debian 14.2.0-19) 14.2.0
//   object ELF64 LSB x86-64
//   name x86_64-linux-gnu-gcc-14
//   directory 755 usr
//   file 755 1162264 9f86d0...(64 hex digits) usr/bin/x86_64-linux-gnu-gcc-14
//   symlink usr/bin/gcc-14 x86_64-linux-gnu-gcc-14
//
// Entries are sorted by path, each folder is listed before what it holds, and the archive
// holds them in the same order.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace toolchain {

inline constexpr std::string_view k_manifest_header = "distcc-toolchain-bundle 1";
// The largest manifest read: a bound on what a hostile archive can make the worker hold.
inline constexpr std::size_t k_max_manifest_size = 4 << 20;

enum class EntryType { file, directory, symlink };

struct ManifestEntry {
    EntryType type = EntryType::file;
    std::string path;        // inside the bundle, see bundle_path.hpp
    unsigned mode = 0;       // files and folders: permission bits (0755, 0644)
    std::uint64_t size = 0;  // files
    std::string sha256;      // files: 64 lower-case hexadecimal digits
    std::string link_target; // symlinks: relative, resolving to an entry of the bundle
};

// One compiler binary of the bundle and the names the worker serves it under.
struct BundleCompiler {
    std::string family;             // gcc or clang
    std::string version;            // gcc -dumpfullversion, clang -dumpversion: 14.2.0
    std::string target;             // -dumpmachine: x86_64-linux-gnu
    std::string driver;             // the binary, a file of the bundle
    std::string identity;           // the .comment of an object it makes, as `check` reads it
    std::string object;             // that object's ELF class, byte order and machine
    std::vector<std::string> names; // compiler names, as clients send them
};

struct Manifest {
    std::string packer;                // the distcc-init version that packed it
    unsigned machine = 0;              // the ELF machine of every program in it (62: x86-64)
    std::optional<std::string> loader; // the dynamic loader its programs are given
    std::vector<BundleCompiler> compilers;
    std::vector<ManifestEntry> entries;
};

// The manifest's text, as described above.
std::string format_manifest(const Manifest& manifest);

// The manifest in `text`, or one line saying what is wrong with it. Everything is checked:
// the format, every path (see bundle_path.hpp), that folders come before their content and
// links stay inside the bundle, that drivers and the loader are files of it, and that every
// name is a compiler name and is claimed once.
std::variant<Manifest, std::string> parse_manifest(std::string_view text);

// The bundle's id: the SHA-256 of its manifest's text, in hexadecimal.
std::string bundle_id(std::string_view manifest_text);

// True for 64 lower-case hexadecimal digits (an id or a file's SHA-256).
bool is_sha256_hex(std::string_view text);

// The entry at `path`, or nullptr.
const ManifestEntry* find_entry(const Manifest& manifest, std::string_view path);

} // namespace toolchain
