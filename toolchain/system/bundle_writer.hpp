#pragma once

// Writes a bundle (effects, on the client): every file of a pack plan hashed, the manifest
// made, and the archive streamed through gzip into a file, which appears whole or not at all.

#include "toolchain/bundle/manifest.hpp"
#include "toolchain/system/compiler_parts.hpp"

#include <cstdint>
#include <string>
#include <variant>

namespace toolchain {

struct WrittenBundle {
    std::string id;
    Manifest manifest;
    std::uint64_t unpacked_size = 0;   // the files' bytes
    std::uint64_t compressed_size = 0; // the bundle file's
};

// The manifest a plan makes: folders, files (hashed, read here) and compilers; one line when a
// file cannot be read.
std::variant<Manifest, std::string> make_manifest(const PackPlan& plan, const std::string& packer);

// Writes the plan's bundle to `output` (gzip found in `path`); one line when it cannot.
std::variant<WrittenBundle, std::string> write_bundle(const PackPlan& plan,
                                                      const std::string& packer,
                                                      const std::string& output,
                                                      const std::string& path);

} // namespace toolchain
