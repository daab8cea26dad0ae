#pragma once

// The served names (effects, on the worker): the one place that makes "the served link for
// NAME". distccd gets a list of paths (DISTCC_CMDLIST) and runs the one whose name the client
// sent; it reads the list once per process, so the list and its links are made at start for
// every name a client may send, and what a name runs is decided by a second link that can
// change at any time:
//
//   compilers/NAME      -> distcc-guard: listed, made at start
//   compilers-real/NAME -> the compiler (the image's, or a pushed bundle's), which the guard
//                          runs: changed live, each link replaced at once (rename), absent for a
//                          name not served (the guard refuses it with a line saying so)
//   compilers-image/NAME   the image's own compilers, for the toolchain service to fall back on

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace toolchain {

struct ServedLayout {
    std::string directory;       // compilers/: what distccd runs
    std::string real_directory;  // compilers-real/: what each name runs now
    std::string image_directory; // compilers-image/: the image's own
    std::string list_file;       // distccd's DISTCC_CMDLIST
    std::string guard;           // every compilers/NAME leads to it
};

// name -> the program it runs.
using ServedMap = std::map<std::string, std::string, std::less<>>;

// At start: the list and compilers/ hold exactly `listed` and the served names, compilers-real
// exactly `served`, compilers-image exactly `image`. Returns why it failed.
std::optional<std::string> write_served_names(const ServedLayout& layout,
                                              const std::set<std::string>& listed,
                                              const ServedMap& served, const ServedMap& image);

// Live: compilers-real becomes `served` link by link (a running compile keeps what it
// started); a served name missing from the list is added to it and to compilers/ (distccd
// processes that read the list before see it once they are renewed). Returns why it failed.
std::optional<std::string> update_served_names(const ServedLayout& layout, const ServedMap& served);

// What compilers-image (or another such folder) holds: name -> target.
ServedMap read_served_links(const std::string& directory);

} // namespace toolchain
