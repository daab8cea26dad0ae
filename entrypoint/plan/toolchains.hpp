#pragma once

// The compilers a worker serves, and under which names (pure). A client sends the name it
// was called with, possibly rewritten: Debian's distcc turns `gcc` into `x86_64-linux-gnu-gcc`,
// a Gentoo client sends `${CHOST}-gcc` (`x86_64-pc-linux-gnu-gcc`). distccd runs only names
// listed in DISTCC_CMDLIST, so every name a client may send is listed, each a link to the
// real compiler.

#include "toolchain/bundle/compiler_names.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace entrypoint {

enum class CompilerFamily { gcc, clang };

// The name rules live with the toolchain bundles, which follow them too.
using toolchain::canonical_triple;
using toolchain::CompilerName;
using toolchain::Language;
using toolchain::language_of;
using toolchain::other_triple_spelling;
using toolchain::parse_compiler_name;

// Where a pushed bundle's compiler came from (absent for the image's own compilers).
struct BundleOrigin {
    std::string id;     // the bundle's content hash
    std::string origin; // how it arrived: "ssh push", "tcp push from 192.0.2.7", "file X"
    std::string packer; // the distcc-init version that packed it
};

// One installed compiler binary and what it said about itself.
struct Toolchain {
    std::string path; // the real binary, symbolic links resolved
    CompilerFamily family = CompilerFamily::gcc;
    Language language = Language::c;
    std::string version;                  // -dumpfullversion (gcc) / -dumpversion (clang): 12.2.0
    std::string target;                   // -dumpmachine: x86_64-linux-gnu
    std::vector<std::string> found_as;    // installed names that lead to it: gcc, gcc-12, ...
    std::optional<BundleOrigin> bundle{}; // a pushed bundle's compiler: it owns its found_as
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
