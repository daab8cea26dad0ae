#pragma once

#include "util/environment.hpp"

#include <optional>
#include <string>

namespace guard {

// How the guard runs, from distccd's environment (distcc-init sets DISTCC_GUARD_*; a client
// sets nothing there).
struct Settings {
    std::string compilers_dir;              // NAME -> the compiler that runs
    std::optional<std::string> ccache;      // compile through this ccache
    std::optional<int> log_fd;              // one line per refusal, to the worker's log
    std::optional<std::string> counts_file; // refusals by family, for the metrics
    std::optional<std::string> bundles_dir; // pushed compilers: run with a clean environment
    std::optional<std::string> drain_file;  // exists while the worker stops: hand jobs back
};

// Nothing when DISTCC_GUARD_COMPILERS is missing: the guard was not set up by distcc-init.
std::optional<Settings> read_settings(const util::Environment& environment);

// The environment a compiler runs with: distccd's, without what would make it load or find
// anything but its own files (LD_*, GCC_EXEC_PREFIX, COMPILER_PATH, LIBRARY_PATH, CPATH and
// the other include paths, dependency outputs) or our settings. A pushed compiler
// (BUNDLE_BIN: its own bin directory) gets that directory alone as PATH, LC_ALL=C, and of the
// rest only TMPDIR, HOME, SOURCE_DATE_EPOCH and ccache's settings.
util::Environment compiler_environment(const util::Environment& environment,
                                       const std::optional<std::string>& bundle_bin);

} // namespace guard
