#include "toolchain/bundle/name_claims.hpp"

#include "toolchain/bundle/compiler_names.hpp"
#include "toolchain/bundle/manifest.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace toolchain {

std::string format_name_claims(const NameClaims& claims) {
    std::string text;
    for (const auto& [name, id] : claims) {
        text += fmt::format("{} {}\n", name, id);
    }
    return text;
}

NameClaims parse_name_claims(std::string_view text) {
    NameClaims claims;
    for (auto line : util::split(text, '\n')) {
        auto words = util::split(line, ' ');
        if (words.size() == 2 && parse_compiler_name(words[0]) && is_sha256_hex(words[1])) {
            claims.emplace(std::string(words[0]), std::string(words[1]));
        }
    }
    return claims;
}

std::variant<NameClaims, std::string> claim_names(const NameClaims& claims, const std::string& id,
                                                  const std::vector<std::string>& names,
                                                  bool replace, const IdentityOf& identity_of) {
    auto result = claims;
    for (const auto& name : names) {
        auto held = claims.find(name);
        if (held != claims.end() && held->second != id && !replace) {
            auto ours = identity_of(id, name);
            auto theirs = identity_of(held->second, name);
            if (!ours || ours != theirs) {
                return fmt::format("{} is served by bundle {} ({}); push with --replace to serve "
                                   "this one instead",
                                   name, held->second.substr(0, 12),
                                   theirs.value_or("another compiler"));
            }
        }
        result[name] = id;
    }
    return result;
}

std::variant<NameClaims, std::string> release_names(const NameClaims& claims,
                                                    std::string_view what) {
    auto result = claims;
    if (auto named = result.find(what); named != result.end()) {
        result.erase(named);
        return result;
    }
    bool id_like = what.size() >= 12 && what.size() <= 64 && std::ranges::all_of(what, [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                   });
    std::set<std::string> matching;
    if (id_like) {
        for (const auto& [name, id] : claims) {
            if (id.starts_with(what)) {
                matching.insert(id);
            }
        }
    }
    if (matching.size() > 1) {
        return fmt::format("{} is the start of several bundle ids: give more of it",
                           std::string(what));
    }
    if (matching.empty()) {
        return fmt::format("no bundle serves {} (neither a served name nor a bundle id)",
                           util::escape_control_characters(what.substr(0, 64)));
    }
    std::erase_if(result, [&](const auto& claim) { return matching.contains(claim.second); });
    return result;
}

std::vector<std::string> claimed_ids(const NameClaims& claims) {
    std::set<std::string> ids;
    for (const auto& [name, id] : claims) {
        ids.insert(id);
    }
    return {ids.begin(), ids.end()};
}

} // namespace toolchain
