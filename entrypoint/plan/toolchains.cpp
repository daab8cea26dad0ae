#include "entrypoint/plan/toolchains.hpp"

#include "util/json_text.hpp"
#include "util/number.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <map>
#include <set>
#include <utility>

namespace entrypoint {
namespace {

std::vector<std::string> triple_spellings(std::string_view triple) {
    std::vector<std::string> spellings{std::string(triple)};
    if (auto other = other_triple_spelling(triple)) {
        spellings.push_back(*other);
    }
    return spellings;
}

std::string major_version(std::string_view version) {
    return std::string(version.substr(0, version.find('.')));
}

// The unversioned names and who owns them: (target, base) -> toolchain index.
using OwnerKey = std::pair<std::string, std::string>;

// The toolchain the system's own unversioned names lead to; for a key nobody was found under,
// the highest version of that base and target.
std::map<OwnerKey, std::size_t> find_owners(const std::vector<Toolchain>& toolchains) {
    std::map<OwnerKey, std::size_t> owners;
    for (std::size_t i = 0; i < toolchains.size(); ++i) {
        auto target = canonical_triple(toolchains[i].target);
        for (const auto& found : toolchains[i].found_as) {
            auto name = parse_compiler_name(found);
            if (name && name->version.empty()) {
                owners.try_emplace({target, name->base}, i);
            }
        }
    }
    std::map<OwnerKey, std::size_t> highest;
    for (std::size_t i = 0; i < toolchains.size(); ++i) {
        OwnerKey key{canonical_triple(toolchains[i].target), std::string(base_name(toolchains[i]))};
        auto [entry, added] = highest.try_emplace(key, i);
        auto version = [&](std::size_t index) {
            return util::parse_integer<int>(major_version(toolchains[index].version)).value_or(0);
        };
        if (!added && version(i) > version(entry->second)) {
            entry->second = i;
        }
    }
    for (const auto& [key, index] : highest) {
        owners.try_emplace(key, index);
    }
    // cc and c++ follow gcc and g++ when the system has no cc of its own.
    for (const auto& [alias, base] : {std::pair{"cc", "gcc"}, std::pair{"c++", "g++"}}) {
        for (const auto& [key, index] : highest) {
            if (key.second == base) {
                owners.try_emplace({key.first, alias}, owners.at(key));
            }
        }
    }
    return owners;
}

// Every name toolchain `index` may be served under, by the rules of served_names().
std::vector<std::string> candidate_names(const std::vector<Toolchain>& toolchains,
                                         std::size_t index,
                                         const std::map<OwnerKey, std::size_t>& owners) {
    const auto& toolchain = toolchains[index];
    auto target = canonical_triple(toolchain.target);
    auto spellings = triple_spellings(toolchain.target);
    bool native = is_native(toolchain);
    // The installed names first: what the system calls it, it is, whatever it says.
    std::vector<std::string> names = toolchain.found_as;
    auto add = [&](std::string_view base, const std::string& suffix) {
        if (native) {
            names.push_back(std::string(base) + suffix);
        }
        for (const auto& triple : spellings) {
            names.push_back(fmt::format("{}-{}{}", triple, base, suffix));
        }
    };
    auto base = base_name(toolchain);
    add(base, "-" + major_version(toolchain.version));
    std::string_view alias = toolchain.language == Language::c ? "cc" : "c++";
    for (auto owned : {base, alias}) {
        auto owner = owners.find({target, std::string(owned)});
        if (owner != owners.end() && owner->second == index) {
            add(owned, "");
        }
    }
    return names;
}

std::string_view family_name(CompilerFamily family) {
    return family == CompilerFamily::gcc ? "gcc" : "clang";
}

// " (bundle 1a2b3c4d5e6f, ORIGIN)" for a pushed bundle's compiler, nothing for the image's.
std::string bundle_note(const Toolchain& toolchain) {
    if (!toolchain.bundle) {
        return "";
    }
    return fmt::format(" (bundle {}, {})", toolchain.bundle->id.substr(0, 12),
                       toolchain.bundle->origin);
}

std::string bundle_json(const Toolchain& toolchain) {
    if (!toolchain.bundle) {
        return "null";
    }
    return fmt::format(
        "{{\"id\":{},\"origin\":{},\"packer\":{}}}", util::json_quote(toolchain.bundle->id),
        util::json_quote(toolchain.bundle->origin), util::json_quote(toolchain.bundle->packer));
}

std::vector<std::string> names_of(const ServedToolchains& served, std::size_t index) {
    std::vector<std::string> names;
    for (const auto& name : served.names) {
        if (name.toolchain == index) {
            names.push_back(name.name);
        }
    }
    return names;
}

} // namespace

std::string_view base_name(const Toolchain& toolchain) {
    if (toolchain.family == CompilerFamily::gcc) {
        return toolchain.language == Language::c ? "gcc" : "g++";
    }
    return toolchain.language == Language::c ? "clang" : "clang++";
}

bool is_native(const Toolchain& toolchain) {
    return std::ranges::any_of(toolchain.found_as, [](const std::string& found) {
        auto name = parse_compiler_name(found);
        return name && name->triple.empty();
    });
}

std::vector<ServedName> served_names(const std::vector<Toolchain>& toolchains) {
    auto owners = find_owners(toolchains);
    std::vector<std::vector<std::string>> candidates;
    for (std::size_t i = 0; i < toolchains.size(); ++i) {
        candidates.push_back(candidate_names(toolchains, i, owners));
    }
    std::map<std::string, std::size_t> chosen;
    // First the names installed on the system, each to the toolchain it leads to ...
    for (std::size_t i = 0; i < toolchains.size(); ++i) {
        for (const auto& name : candidates[i]) {
            if (std::ranges::find(toolchains[i].found_as, name) != toolchains[i].found_as.end()) {
                chosen.try_emplace(name, i);
            }
        }
    }
    // ... then the made-up ones, to the first toolchain that claims them.
    for (std::size_t i = 0; i < toolchains.size(); ++i) {
        for (const auto& name : candidates[i]) {
            chosen.try_emplace(name, i);
        }
    }
    std::vector<ServedName> served;
    for (const auto& [name, index] : chosen) {
        served.push_back({name, index});
    }
    return served;
}

std::vector<std::string> describe_toolchains(const ServedToolchains& served) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < served.toolchains.size(); ++i) {
        const auto& toolchain = served.toolchains[i];
        auto names = names_of(served, i);
        if (names.empty()) {
            continue;
        }
        lines.push_back(fmt::format("{} {} {} {}{}: {}", base_name(toolchain), toolchain.version,
                                    toolchain.target, toolchain.path, bundle_note(toolchain),
                                    fmt::join(names, ", ")));
    }
    if (lines.empty()) {
        lines.emplace_back("no C or C++ compiler found: distccd will refuse every compile");
    }
    return lines;
}

std::string render_toolchains_text(const ServedToolchains& served) {
    std::string text;
    for (const auto& name : served.names) {
        const auto& toolchain = served.toolchains[name.toolchain];
        text +=
            fmt::format("{} -> {} ({} {}, {}){}\n", name.name, toolchain.path, base_name(toolchain),
                        toolchain.version, toolchain.target, bundle_note(toolchain));
    }
    return text;
}

std::string render_toolchains_json(const ServedToolchains& served) {
    std::vector<std::string> entries;
    for (std::size_t i = 0; i < served.toolchains.size(); ++i) {
        const auto& toolchain = served.toolchains[i];
        std::vector<std::string> names;
        for (const auto& name : names_of(served, i)) {
            names.push_back(util::json_quote(name));
        }
        entries.push_back(fmt::format(
            "{{\"path\":{},\"family\":{},\"language\":{},\"version\":{},\"target\":{},"
            "\"native\":{},\"bundle\":{},\"names\":[{}]}}",
            util::json_quote(toolchain.path), util::json_quote(family_name(toolchain.family)),
            toolchain.language == Language::c ? "\"c\"" : "\"c++\"",
            util::json_quote(toolchain.version), util::json_quote(toolchain.target),
            is_native(toolchain), bundle_json(toolchain), fmt::join(names, ",")));
    }
    return fmt::format("{{\"toolchains\":[{}]}}\n", fmt::join(entries, ","));
}

std::string render_toolchain_labels(const ServedToolchains& served) {
    std::vector<std::string> compilers;
    std::set<std::string> targets;
    for (std::size_t i = 0; i < served.toolchains.size(); ++i) {
        const auto& toolchain = served.toolchains[i];
        // Labels describe the image: pushed bundles are not part of it.
        if (names_of(served, i).empty() || toolchain.bundle) {
            continue;
        }
        auto prefix = is_native(toolchain) ? std::string() : toolchain.target + "-";
        compilers.push_back(
            fmt::format("{}{}-{}", prefix, base_name(toolchain), toolchain.version));
        targets.insert(canonical_triple(toolchain.target));
    }
    std::ranges::sort(compilers);
    compilers.erase(std::unique(compilers.begin(), compilers.end()), compilers.end());
    return fmt::format("org.gentoo-distcc.compilers={}\norg.gentoo-distcc.targets={}\n",
                       fmt::join(compilers, ","), fmt::join(targets, ","));
}

} // namespace entrypoint
