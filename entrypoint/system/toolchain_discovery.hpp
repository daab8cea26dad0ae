#pragma once

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

// Makes `directory` hold exactly one link per served name (NAME -> the real compiler, or
// -> `through` such as ccache, which finds the compiler again in `real_directory`), and
// writes distccd's DISTCC_CMDLIST file `list_file` naming them. Returns why it failed.
std::optional<std::string> write_compiler_links(const ServedToolchains& served,
                                                const std::string& directory,
                                                const std::string& list_file,
                                                const std::optional<std::string>& through,
                                                const std::string& real_directory);

// `distcc-init toolchains`: discovers and prints what a worker here would serve. Returns 0,
// or 1 when there is no compiler at all.
int print_toolchains(const util::Environment& environment, ToolchainsFormat format);

} // namespace entrypoint
