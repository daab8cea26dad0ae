#pragma once

#include "guard/arguments.hpp"
#include "util/environment.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guard {

// Whether a symbolic link at ENTRY, under a pump job's directory ROOT, that leads to RESOLVED
// (absolute, normalized) may stay: it leads inside the job, or it mirrors a system header
// directory. distcc's pump client links each of the compiler's default include directories to
// the worker's own (ROOT/usr/include -> ../../usr/include, which resolves to /usr/include): a
// link whose place under ROOT is its target, that target a directory of headers under /usr
// (/usr/include and below, or one named include or include-fixed), gives the compiler nothing
// it would not search anyway.
bool link_may_stay(std::string_view entry, std::string_view resolved, std::string_view root);

// The first symbolic link under a pump job's directory that may not stay (distccd creates the
// links a client sends, and does not check where relative ones lead), or nothing.
std::optional<std::string> find_link_leaving(const std::string& root);

// Runs one compile: COMPILER (the compiler, or ccache and the compiler) with ARGUMENTS (the
// job's, FILES found in them) and ENVIRONMENT. The job gets a directory of its own under
// TEMP_DIR: the object is written there, so that whatever the compiler writes beside it (dumps,
// .dwo, -save-temps=obj) goes with the directory, and moved to distccd's name when the compile
// succeeds; a plain job also runs there (a pump job keeps distccd's working directory, inside
// its own). The guard is a child subreaper meanwhile: whatever the compiler leaves behind, even
// in a session of its own, comes back to it and is killed once the compiler has ended. A TERM,
// INT or HUP to the guard ends the compile the same way, and the guard then dies of that
// signal. Returns the compiler's wait status, or an exit code for a compiler that could not
// start (127, 126).
int run_compile(const std::vector<std::string>& compiler, std::vector<std::string> arguments,
                const util::Environment& environment, const JobFiles& files,
                const std::string& temp_dir);

} // namespace guard
