#pragma once

#include "entrypoint/plan/plan.hpp"
#include "entrypoint/plan/toolchains.hpp"
#include "supervisor/inherited_signals.hpp"
#include "util/environment.hpp"

#include <optional>
#include <string>

namespace entrypoint {

// The C and C++ compilers in PATH (gcc, g++-12, clang-16, aarch64-linux-gnu-gcc, cc, ...),
// each real binary asked once for its version and target; with the names they are served
// under. Reads only.
ServedToolchains discover_toolchains(const util::Environment& environment,
                                     const supervisor::InheritedSignals& inherited);

// Makes the served names of the step (toolchain/system/served_links.hpp): distccd's list of
// every name served and every compiler-shaped one, each a link to the guard, which runs what
// the same name leads to in real_directory now (the image's compiler, or a bundle's); and the
// image's own, for the toolchain service. Returns why it failed.
std::optional<std::string> write_compiler_links(const LinkCompilers& step);

// `distcc-init toolchains`: discovers and prints what a worker here would serve. Returns 0,
// or 1 when there is no compiler at all.
int print_toolchains(const util::Environment& environment, ToolchainsFormat format);

} // namespace entrypoint
