#pragma once

// What every harness shares: a failed property is a finding, reported like a crash.

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzz_support {

// Aborts (libFuzzer then saves the input as a crash) when `condition` is false.
inline void require(bool condition, std::string_view what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz property violated: %.*s\n", static_cast<int>(what.size()),
                     what.data());
        std::abort();
    }
}

// Aborts on an exception other than the expected kind: call it from a catch (...) block.
[[noreturn]] inline void unexpected_exception(std::string_view what) {
    std::fprintf(stderr, "unexpected exception escaped: %.*s\n", static_cast<int>(what.size()),
                 what.data());
    std::abort();
}

} // namespace fuzz_support
