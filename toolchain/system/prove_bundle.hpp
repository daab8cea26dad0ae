#pragma once

// Proves an installed bundle before it is served (effects): each gcc driver names programs
// inside the bundle for cc1/cc1plus, as and objcopy; a probe compile with the bundle's
// compilers, run as the compile user in a clean environment, loads nothing from outside the
// bundle (the loader says what it loads: LD_DEBUG=libs) and makes an object whose identity is
// the one the manifest promises.

#include "toolchain/bundle/manifest.hpp"
#include "toolchain/system/run_tool.hpp"

#include <optional>
#include <string>

namespace toolchain {

struct ProveSettings {
    std::string root;            // the bundle's installed files
    std::string work;            // an empty folder the user may write
    std::optional<UserIds> user; // the compilers run as it
};

// One line saying what is wrong, or nothing.
std::optional<std::string> prove_bundle(const Manifest& manifest, const ProveSettings& settings);

// The paths the loader reports it tried or initialised, from LD_DEBUG=libs output (pure).
std::vector<std::string> loaded_paths(std::string_view ld_debug_output);

} // namespace toolchain
