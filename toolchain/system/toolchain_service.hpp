#pragma once

// The worker's toolchain service (`distcc-init toolchains service`, a companion of PID 1): the
// one writer of the toolchain store. It installs the bundles placed in the store's folder at
// start, and bundles pushed to it, over its socket (SSH pushes, relayed by distcc-relay, and
// `toolchains remove` on the worker) and, in the tcp image, over a TCP endpoint that asks for
// the shared token; then it serves their names at once (served_links.hpp). A bad bundle or
// request is one line back and one in the log; the service goes on.

#include <cstdint>
#include <optional>
#include <string>

namespace toolchain {

struct ServiceOptions {
    std::string store;                       // the store's folder (a volume)
    std::string run_directory;               // the served names and the socket are in it
    std::optional<std::string> ssh_user;     // may push through the socket (besides root)
    std::optional<std::string> compile_user; // patchelf and proofs run as it (when root)
    std::optional<std::string> address;      // the TCP endpoint's address (tcp mode) ...
    std::uint16_t port = 0;                  // ... and port; 0: none
    std::optional<std::string> token_file;   // the shared token for TCP pushes
    std::uint64_t max_size = 0;              // bytes of a bundle, unpacked (and compressed)
    std::string guard;                       // distcc-guard: every served name leads to it
};

// Runs until the process is stopped; returns an exit code only when it cannot start.
int serve_toolchains(const ServiceOptions& options);

} // namespace toolchain
