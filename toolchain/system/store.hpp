#pragma once

// The worker's toolchain store (effects): a volume, /var/lib/distcc-init/toolchains, written
// only by the toolchain service.
//
//   *.tar.gz              bundle files placed there by hand: installed at start
//   installed/ID/root/    an installed bundle's files, patched to run where they are
//   installed/ID/manifest its manifest (written last: a folder without it is unfinished)
//   installed/ID/origin   how it arrived, one line
//   installed/names       which bundle serves which name ("NAME ID" lines)
//   staging/              bundles being unpacked

#include "entrypoint/plan/toolchains.hpp"
#include "toolchain/bundle/manifest.hpp"
#include "toolchain/bundle/name_claims.hpp"
#include "toolchain/system/served_links.hpp"

#include <optional>
#include <string>
#include <vector>

namespace toolchain {

struct StoreLayout {
    std::string root;

    std::string installed() const { return root + "/installed"; }
    std::string bundle(const std::string& id) const { return installed() + "/" + id; }
    std::string bundle_root(const std::string& id) const { return bundle(id) + "/root"; }
    std::string claims_file() const { return installed() + "/names"; }
    std::string staging() const { return root + "/staging"; }
};

struct InstalledBundle {
    std::string id;
    Manifest manifest;
    std::string origin;
};

// The bundles installed (those whose manifest reads back under their id); others are skipped.
std::vector<InstalledBundle> read_installed(const StoreLayout& store);

// Which bundle serves which name; empty when there is no record.
NameClaims read_claims(const StoreLayout& store);
std::optional<std::string> write_claims(const StoreLayout& store, const NameClaims& claims);

// The names the bundles serve now, each to its bundle's driver (claims of bundles that are
// not installed are left out).
ServedMap bundle_served_names(const StoreLayout& store, const std::vector<InstalledBundle>& bundles,
                              const NameClaims& claims);

// The bundles' compilers as the worker describes its toolchains: one per driver and language,
// found under the names it serves.
std::vector<entrypoint::Toolchain> bundle_toolchains(const StoreLayout& store,
                                                     const std::vector<InstalledBundle>& bundles,
                                                     const NameClaims& claims);

// The same for the store at `root`, read from disk: what a worker serves from its bundles.
std::vector<entrypoint::Toolchain> installed_bundle_toolchains(const std::string& root);

} // namespace toolchain
