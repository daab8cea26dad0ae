#pragma once

// The compilers a worker serves, and under which names (pure). A client sends the name it
// was called with, possibly rewritten: Debian's distcc turns `gcc` into `x86_64-linux-gnu-gcc`,
// a Gentoo client sends `${CHOST}-gcc` (`x86_64-pc-linux-gnu-gcc`). distccd runs only names
// listed in DISTCC_CMDLIST, so every name a client may send is listed, each a link to the
// real compiler.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace entrypoint {

enum class CompilerFamily { gcc, clang };
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

// One installed compiler binary and what it said about itself.
struct Toolchain {
    std::string path; // the real binary, symbolic links resolved
    CompilerFamily family = CompilerFamily::gcc;
    Language language = Language::c;
    std::string version;               // -dumpfullversion (gcc) / -dumpversion (clang): 12.2.0
    std::string target;                // -dumpmachine: x86_64-linux-gnu
    std::vector<std::string> found_as; // installed names that lead to it: gcc, gcc-12, ...
};

// gcc, g++, clang or clang++.
std::string_view base_name(const Toolchain& toolchain);

// Found under a name without a target prefix (gcc-12, clang): it compiles for this machine.
bool is_native(const Toolchain& toolchain);

// A name distccd serves, and the toolchain (an index into the list given) it runs.
struct ServedName {
    std::string name;
    std::size_t toolchain = 0;
};

// Every name each toolchain is served under, sorted by name, each name once:
//   versioned: BASE-MAJOR (native only) and TRIPLE-BASE-MAJOR in both spellings;
//   unversioned: BASE (native only) and TRIPLE-BASE in both spellings, by the toolchain the
//   system's own unversioned name leads to, else the highest version;
//   cc, c++ and TRIPLE-cc, TRIPLE-c++: by the toolchain the system's cc / c++ lead to, else
//   the owner of gcc / g++.
// A name installed on the system goes to the toolchain it leads to.
std::vector<ServedName> served_names(const std::vector<Toolchain>& toolchains);

// What `distcc-init toolchains`, the start log and the dry run show.
struct ServedToolchains {
    std::vector<Toolchain> toolchains;
    std::vector<ServedName> names;
};

// One line per toolchain: "gcc 12.2.0 x86_64-linux-gnu /usr/bin/x86_64-linux-gnu-gcc-12:
// gcc, gcc-12, x86_64-linux-gnu-gcc, ..."; a line saying so when there are none.
std::vector<std::string> describe_toolchains(const ServedToolchains& served);

// How `distcc-init toolchains` prints: text, --json or --labels.
enum class ToolchainsFormat { text, json, labels };

// `distcc-init toolchains`: "NAME -> PATH (FAMILY VERSION, TARGET)" per served name.
std::string render_toolchains_text(const ServedToolchains& served);

// The same as JSON: {"toolchains":[{"path","family","language","version","target","native",
// "names":[...]}]}.
std::string render_toolchains_json(const ServedToolchains& served);

// Image label lines: org.gentoo-distcc.compilers=gcc-12.2.0,g++-12.2.0,... (cross compilers
// with their target: aarch64-linux-gnu-gcc-12.2.0) and org.gentoo-distcc.targets=....
std::string render_toolchain_labels(const ServedToolchains& served);

} // namespace entrypoint
