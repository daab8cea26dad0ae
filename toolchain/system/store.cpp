#include "toolchain/system/store.hpp"

#include "toolchain/bundle/compiler_names.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

namespace toolchain {
namespace {

// A small file of the store, never through a link.
std::optional<std::string> read_store_file(const std::string& path) {
    util::UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) {
        return std::nullopt;
    }
    return util::read_rest(fd.get());
}

} // namespace

std::vector<InstalledBundle> read_installed(const StoreLayout& store) {
    std::vector<InstalledBundle> bundles;
    util::UniqueFd folder(util::open_real_directory(store.installed()));
    std::unique_ptr<DIR, int (*)(DIR*)> listing(
        folder.valid() ? fdopendir(dup(folder.get())) : nullptr, closedir);
    if (!listing) {
        return bundles;
    }
    std::vector<std::string> ids;
    while (auto* entry = readdir(listing.get())) {
        if (entry->d_type == DT_DIR && is_sha256_hex(entry->d_name)) {
            ids.emplace_back(entry->d_name);
        }
    }
    std::ranges::sort(ids);
    for (const auto& id : ids) {
        auto text = read_store_file(store.bundle(id) + "/manifest");
        if (!text || bundle_id(*text) != id) {
            continue;
        }
        auto parsed = parse_manifest(*text);
        if (auto* manifest = std::get_if<Manifest>(&parsed)) {
            auto origin = read_store_file(store.bundle(id) + "/origin").value_or("");
            bundles.push_back({id, std::move(*manifest), std::string(util::trim(origin))});
        }
    }
    return bundles;
}

NameClaims read_claims(const StoreLayout& store) {
    return parse_name_claims(read_store_file(store.claims_file()).value_or(""));
}

std::optional<std::string> write_claims(const StoreLayout& store, const NameClaims& claims) {
    return util::write_file_atomically(store.claims_file(), format_name_claims(claims));
}

ServedMap bundle_served_names(const StoreLayout& store, const std::vector<InstalledBundle>& bundles,
                              const NameClaims& claims) {
    ServedMap served;
    for (const auto& bundle : bundles) {
        for (const auto& compiler : bundle.manifest.compilers) {
            for (const auto& name : compiler.names) {
                auto claim = claims.find(name);
                if (claim != claims.end() && claim->second == bundle.id) {
                    served[name] = store.bundle_root(bundle.id) + "/" + compiler.driver;
                }
            }
        }
    }
    return served;
}

std::vector<entrypoint::Toolchain> bundle_toolchains(const StoreLayout& store,
                                                     const std::vector<InstalledBundle>& bundles,
                                                     const NameClaims& claims) {
    std::vector<entrypoint::Toolchain> toolchains;
    for (const auto& bundle : bundles) {
        for (const auto& compiler : bundle.manifest.compilers) {
            for (auto language : {Language::c, Language::cxx}) {
                entrypoint::Toolchain toolchain;
                toolchain.path = store.bundle_root(bundle.id) + "/" + compiler.driver;
                toolchain.family = compiler.family == "clang" ? entrypoint::CompilerFamily::clang
                                                              : entrypoint::CompilerFamily::gcc;
                toolchain.language = language;
                toolchain.version = compiler.version;
                toolchain.target = compiler.target;
                toolchain.bundle =
                    entrypoint::BundleOrigin{bundle.id, bundle.origin, bundle.manifest.packer};
                for (const auto& name : compiler.names) {
                    auto claim = claims.find(name);
                    auto parsed = parse_compiler_name(name);
                    if (claim != claims.end() && claim->second == bundle.id && parsed &&
                        language_of(*parsed) == language) {
                        toolchain.found_as.push_back(name);
                    }
                }
                if (!toolchain.found_as.empty()) {
                    toolchains.push_back(std::move(toolchain));
                }
            }
        }
    }
    return toolchains;
}

std::vector<entrypoint::Toolchain> installed_bundle_toolchains(const std::string& root) {
    StoreLayout store{root};
    return bundle_toolchains(store, read_installed(store), read_claims(store));
}

} // namespace toolchain
