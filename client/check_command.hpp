#pragma once

#include "util/environment.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace client {

// `distcc-init check`: what the client asked for.
struct CheckRequest {
    std::vector<std::string> hosts;     // DISTCC_HOSTS words; none: $DISTCC_HOSTS
    std::vector<std::string> compilers; // none: $(gcc -dumpmachine)-gcc, -g++, $CC, $CXX
    bool json = false;
    std::chrono::milliseconds timeout{30000}; // per compile
    bool push = false;  // pack the compilers missing or differing and push them there
    std::string packer; // distcc-init's version, for packing
};

// Compiles a tiny probe with each compiler here and through each host (the real distcc
// client, no fallback) and compares the objects' compiler and target. With `push`, the
// compilers a reachable worker lacks or has in another version are packed once into a bundle
// and pushed to those workers, which are then checked again. Prints a table (or JSON);
// returns 0 when every check is OK, 1 otherwise. Throws util::Refusal for bad input or a
// compiler or distcc missing here.
int run_check(const CheckRequest& request, const util::Environment& environment);

} // namespace client
