#pragma once

// `distcc-init toolchains pack` (on a client): packs the compilers this machine uses into one
// bundle file, for `toolchains push` or to place in a worker's toolchain volume.

#include "util/environment.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace client {

struct PackRequest {
    std::vector<std::string> compilers; // names or paths; none: the defaults (see below)
    std::string output;                 // the bundle file; empty: ./toolchain-ID.tar.gz
    std::string packer;                 // distcc-init's version, written into the manifest
};

// What was packed.
struct PackedBundle {
    std::string path;
    std::string id;
    std::vector<std::string> names;
    std::string description; // "gcc 14.2.0 x86_64-linux-gnu (x86_64-linux-gnu-gcc, ...)"
    std::uint64_t unpacked_size = 0;
    std::uint64_t compressed_size = 0;
};

// The compilers a Gentoo client sends: ${CHOST}-gcc and ${CHOST}-g++ ($CHOST, else
// gcc -dumpmachine), and cc, gcc, g++ and c++ where they run the same compiler.
// Packs them (or the ones named) into one bundle; throws util::Refusal (one line) when a
// compiler cannot be packed.
PackedBundle pack_toolchain(const PackRequest& request, const util::Environment& environment);

// The command: packs, prints what it wrote; returns 0.
int run_pack(const PackRequest& request, const util::Environment& environment);

} // namespace client
