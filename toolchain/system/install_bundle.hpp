#pragma once

// Installs a bundle file into the store (effects, on the worker, by the toolchain service):
// verified while it is unpacked into a private staging folder (bundle_check.hpp), patched to
// run in place, given to root again, proven, and only then moved into installed/ with its
// manifest. Whatever goes wrong leaves nothing behind and is one line.

#include "toolchain/bundle/bundle_check.hpp"
#include "toolchain/system/run_tool.hpp"
#include "toolchain/system/store.hpp"

#include <optional>
#include <string>
#include <variant>

namespace toolchain {

struct InstallSettings {
    StoreLayout store;
    BundleLimits limits;
    std::optional<UserIds> compile_user; // patchelf and the proof run as it (when root)
    std::string patchelf;
    std::string gzip;
};

struct InstallOutcome {
    std::string id;
    Manifest manifest;
    bool already_installed = false;
};

// Installs the gzip-compressed bundle in `file`; with `expected_id`, its manifest must hash to
// it. `origin` is recorded ("ssh push", "file x.tar.gz").
std::variant<InstallOutcome, std::string>
install_bundle(const InstallSettings& settings, const std::string& file,
               const std::optional<std::string>& expected_id, const std::string& origin);

// The id of the bundle in `file`, from its manifest alone (offline bundles: skip those
// installed already); nothing when it cannot be read.
std::optional<std::string> read_bundle_id(const InstallSettings& settings, const std::string& file);

// Removes an installed bundle's files (and unfinished ones in staging); never follows a link.
void remove_installed(const StoreLayout& store, const std::string& id);

} // namespace toolchain
