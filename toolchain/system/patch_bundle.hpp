#pragma once

// Makes an unpacked bundle runnable where it lies, without chroot or root (effects): patchelf
// gives every program the bundle's own loader (an absolute path: that field takes no $ORIGIN)
// and every dynamic ELF a DT_RPATH of $ORIGIN-relative library folders of the bundle (RPATH,
// not RUNPATH, which a stray LD_LIBRARY_PATH would beat).

#include "toolchain/bundle/manifest.hpp"
#include "toolchain/system/run_tool.hpp"

#include <optional>
#include <string>

namespace toolchain {

struct PatchSettings {
    std::string patchelf;        // the program
    std::string root;            // where the bundle's files are now
    std::string installed_root;  // where they will be run from (the loader's final path)
    std::optional<UserIds> user; // patchelf runs as it
};

// Patches each dynamic ELF of the bundle but the loader; one line when one cannot be patched.
std::optional<std::string> patch_bundle(const Manifest& manifest, const PatchSettings& settings);

// The library folders of a bundle: those holding shared objects (lib*.so, *.so.N).
std::vector<std::string> library_folders(const Manifest& manifest);

// The DT_RPATH for a file in `folder`: each library folder as $ORIGIN/RELATIVE, ':'-joined.
std::string rpath_for(std::string_view folder, const std::vector<std::string>& libraries);

} // namespace toolchain
