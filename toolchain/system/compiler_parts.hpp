#pragma once

// The packer's questions (effects, on the client): which program a compiler name really runs
// (through links, masquerade folders and wrapper programs), what it is, and every file it needs
// to compile, each found by asking the compiler or the system's loader, never by guessing.

#include "toolchain/bundle/manifest.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace toolchain {

// What a bundle will hold, before its files are read.
struct PackPlan {
    unsigned machine = 0;
    std::optional<std::string> loader;        // bundle path of the loader
    std::map<std::string, std::string> files; // bundle path -> the file here (links resolved)
    std::set<std::string> folders;            // folders that must exist though nothing is in them
    std::vector<BundleCompiler> compilers;    // names, family, version, target, identity
};

// Where the packer works.
struct PackContext {
    std::string path;      // PATH, to find compiler names and the programs a driver runs
    std::string temporary; // a private folder for probe objects
};

// Adds the compiler called `name` (a name found in PATH, or a path) to the plan, with every
// file it needs; one line saying why not.
std::optional<std::string> add_compiler(PackPlan& plan, const std::string& name,
                                        const PackContext& context);

// The program a name really runs: started on a pipe, the compiler proper (cc1, or clang
// itself) waits for its input, and its parent (or itself) is the driver. Exposed for tests.
std::variant<std::string, std::string> find_real_driver(const std::string& program,
                                                        const PackContext& context);

} // namespace toolchain
