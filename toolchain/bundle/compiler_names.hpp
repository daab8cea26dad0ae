#pragma once

// The names C and C++ compilers go by, [TRIPLE-]BASE[-VERSION], and the two spellings of a
// target (Debian's gcc -dumpmachine, Gentoo's CHOST). Pure: both the worker (which names it
// serves) and a toolchain bundle (which names it may claim) follow these rules.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toolchain {

enum class Language { c, cxx };

// An installed or requested compiler name: [TRIPLE-]BASE[-VERSION], BASE one of gcc, g++,
// clang, clang++, cc, c++.
struct CompilerName {
    std::string triple;  // empty: none
    std::string base;    // gcc, g++, clang, clang++, cc or c++
    std::string version; // empty: none; e.g. "12" or "16"
};

// Nothing for a name that is not a C or C++ compiler (gcc-ar, clang-format, c89-gcc, ...).
std::optional<CompilerName> parse_compiler_name(std::string_view name);

// C++ for g++, clang++ and c++; C for the others.
Language language_of(const CompilerName& name);

// The same target in the other distribution's spelling (Debian x86_64-linux-gnu <-> Gentoo
// x86_64-pc-linux-gnu, ...); nothing for a triple the table does not know.
std::optional<std::string> other_triple_spelling(std::string_view triple);

// The Debian spelling of a target the table knows, else the triple as given: one key for a
// target whatever a compiler calls it.
std::string canonical_triple(std::string_view triple);

// Every target triple the spelling table knows, in both spellings.
std::vector<std::string> known_triples();

// Every name of compiler shape a client may plausibly send, for the triples given and the
// bare forms: [TRIPLE-]{gcc,g++,cc,c++,clang,clang++}[-MAJOR] for MAJOR 1 to 30. distccd reads
// its list of names once per process, so a worker lists these at start and names served later
// (a pushed bundle) are already on it.
std::vector<std::string> compiler_shaped_names(const std::vector<std::string>& triples);

} // namespace toolchain
