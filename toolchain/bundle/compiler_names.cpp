#include "toolchain/bundle/compiler_names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <utility>

namespace toolchain {
namespace {

constexpr std::array<std::string_view, 6> k_bases{"gcc", "g++", "clang", "clang++", "cc", "c++"};

// Debian's spelling (gcc -dumpmachine there) beside Gentoo's CHOST for the same target.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> k_triple_spellings{{
    {"x86_64-linux-gnu", "x86_64-pc-linux-gnu"},
    {"i686-linux-gnu", "i686-pc-linux-gnu"},
    {"aarch64-linux-gnu", "aarch64-unknown-linux-gnu"},
    {"arm-linux-gnueabihf", "armv7a-unknown-linux-gnueabihf"},
    {"powerpc64le-linux-gnu", "powerpc64le-unknown-linux-gnu"},
    {"powerpc64-linux-gnu", "powerpc64-unknown-linux-gnu"},
    {"riscv64-linux-gnu", "riscv64-unknown-linux-gnu"},
    {"s390x-linux-gnu", "s390x-ibm-linux-gnu"},
}};

bool is_version(std::string_view text) {
    return !text.empty() && std::isdigit(static_cast<unsigned char>(text.front())) &&
           std::ranges::all_of(text, [](char c) {
               return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
           });
}

bool is_triple(std::string_view text) {
    return text.find('-') != std::string_view::npos && !text.starts_with('-') &&
           std::ranges::all_of(text, [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                      c == '.';
           });
}

// The highest major version listed ahead of time (gcc 15 and clang 21 are current).
constexpr int k_highest_listed_major = 30;

} // namespace

std::optional<CompilerName> parse_compiler_name(std::string_view name) {
    CompilerName parsed;
    std::string_view rest = name;
    if (auto dash = rest.rfind('-');
        dash != std::string_view::npos && is_version(rest.substr(dash + 1))) {
        parsed.version = rest.substr(dash + 1);
        rest = rest.substr(0, dash);
    }
    for (auto base : k_bases) {
        if (rest == base) {
            parsed.base = base;
            return parsed;
        }
        if (rest.size() > base.size() + 1 && rest.ends_with(base) &&
            rest[rest.size() - base.size() - 1] == '-') {
            auto triple = rest.substr(0, rest.size() - base.size() - 1);
            if (!is_triple(triple)) {
                continue; // c89-gcc: no triple
            }
            parsed.triple = triple;
            parsed.base = base;
            return parsed;
        }
    }
    return std::nullopt;
}

Language language_of(const CompilerName& name) {
    return name.base == "g++" || name.base == "clang++" || name.base == "c++" ? Language::cxx
                                                                              : Language::c;
}

std::optional<std::string> other_triple_spelling(std::string_view triple) {
    for (const auto& [debian, gentoo] : k_triple_spellings) {
        if (triple == debian) {
            return std::string(gentoo);
        }
        if (triple == gentoo) {
            return std::string(debian);
        }
    }
    return std::nullopt;
}

// Debian's clang says x86_64-pc-linux-gnu where its gcc says x86_64-linux-gnu.
std::string canonical_triple(std::string_view triple) {
    for (const auto& [debian, gentoo] : k_triple_spellings) {
        if (triple == gentoo) {
            return std::string(debian);
        }
    }
    return std::string(triple);
}

std::vector<std::string> known_triples() {
    std::vector<std::string> triples;
    for (const auto& [debian, gentoo] : k_triple_spellings) {
        triples.emplace_back(debian);
        triples.emplace_back(gentoo);
    }
    return triples;
}

std::vector<std::string> compiler_shaped_names(const std::vector<std::string>& triples) {
    std::vector<std::string> prefixes{""};
    for (const auto& triple : triples) {
        prefixes.push_back(triple + "-");
    }
    std::vector<std::string> names;
    for (const auto& prefix : prefixes) {
        for (auto base : k_bases) {
            names.push_back(fmt::format("{}{}", prefix, base));
            for (int major = 1; major <= k_highest_listed_major; ++major) {
                names.push_back(fmt::format("{}{}-{}", prefix, base, major));
            }
        }
    }
    std::ranges::sort(names);
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

} // namespace toolchain
