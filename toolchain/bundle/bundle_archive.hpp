#pragma once

// How a bundle is laid out in its archive (pure): the manifest first, then each entry of the
// manifest, in order, under root/. The packer writes these headers, the checker expects them.

#include "toolchain/bundle/manifest.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace toolchain {

inline constexpr std::string_view k_manifest_member = "distcc-toolchain.manifest";
inline constexpr std::string_view k_root_member = "root";

// The header of the manifest's member, `size` bytes long.
std::string manifest_member_header(std::size_t size);

// The header of an entry's member; nothing when its path or link does not fit ustar.
std::optional<std::string> entry_member_header(const ManifestEntry& entry);

// A whole archive held in memory: for tests and small bundles. `contents` gives each file's
// bytes by path. Nothing when an entry does not fit.
std::optional<std::string>
archive_in_memory(std::string_view manifest_text, const Manifest& manifest,
                  const std::function<std::string(const ManifestEntry&)>& contents);

} // namespace toolchain
