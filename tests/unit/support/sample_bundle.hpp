#pragma once

// A small valid toolchain bundle for unit tests: a gcc "driver" (an ELF header for the
// machine given, nothing more), a loader, a library folder and a link, and helpers to build
// its manifest text and archive after a test has changed them.

#include "toolchain/bundle/bundle_archive.hpp"
#include "toolchain/bundle/manifest.hpp"
#include "util/sha256.hpp"

#include <map>
#include <string>

namespace test_support {

// The first 64 bytes of a 64-bit little-endian ELF executable for `machine`.
inline std::string elf_program(unsigned machine, std::string tail = "program") {
    std::string bytes(64, '\0');
    bytes.replace(0, 4,
                  "\x7f"
                  "ELF");
    bytes[4] = 2; // 64-bit
    bytes[5] = 1; // little-endian
    bytes[6] = 1;
    bytes[16] = 2; // executable
    bytes[18] = static_cast<char>(machine & 0xff);
    bytes[19] = static_cast<char>(machine >> 8);
    return bytes + tail;
}

inline std::string sha256_hex(const std::string& bytes) {
    util::Sha256 hash;
    hash.update(bytes);
    return util::to_hex(hash.finish());
}

struct SampleBundle {
    toolchain::Manifest manifest;
    std::map<std::string, std::string> contents; // file path -> bytes

    explicit SampleBundle(unsigned machine = 62) {
        manifest.packer = "0.1.0";
        manifest.machine = machine;
        manifest.loader = "lib/ld.so";
        manifest.compilers.push_back({"gcc",
                                      "14.2.0",
                                      "x86_64-linux-gnu",
                                      "bin/gcc-14",
                                      "GCC: (Debian 14.2.0-19) 14.2.0",
                                      "ELF64 LSB x86-64",
                                      {"x86_64-linux-gnu-gcc-14", "gcc-14"}});
        directory("bin");
        symlink("bin/gcc", "gcc-14");
        file("bin/gcc-14", 0755, elf_program(machine, "driver"));
        directory("lib");
        file("lib/ld.so", 0755, elf_program(machine, "loader"));
        file("lib/libc.so.6", 0644, elf_program(machine, "libc"));
        file("lib/specs", 0644, "*cc1:\n");
    }

    void directory(const std::string& path, unsigned mode = 0755) {
        manifest.entries.push_back({toolchain::EntryType::directory, path, mode, 0, "", ""});
    }
    void file(const std::string& path, unsigned mode, const std::string& bytes) {
        manifest.entries.push_back(
            {toolchain::EntryType::file, path, mode, bytes.size(), sha256_hex(bytes), ""});
        contents[path] = bytes;
    }
    void symlink(const std::string& path, const std::string& target) {
        manifest.entries.push_back({toolchain::EntryType::symlink, path, 0, 0, "", target});
    }

    std::string text() const { return toolchain::format_manifest(manifest); }

    // The archive, with the files' bytes as in `contents` (which a test may change after the
    // manifest was made, to tamper).
    std::string archive() const { return archive_with(text()); }
    std::string archive_with(const std::string& manifest_text) const {
        return *toolchain::archive_in_memory(
            manifest_text, manifest,
            [&](const toolchain::ManifestEntry& entry) { return contents.at(entry.path); });
    }
};

} // namespace test_support
