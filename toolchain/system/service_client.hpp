#pragma once

// Talking to the worker's toolchain service through its local socket (effects): the bridge an
// SSH push goes through when the session runs `distcc-init toolchains receive` itself, and
// `distcc-init toolchains remove`, run on the worker.

#include <string>

namespace toolchain {

// Copies stdin to the service and the service to stdout until it hangs up; the exit code.
int bridge_to_service(const std::string& socket);

// Asks the service to stop serving a name or a bundle; prints its answer; the exit code.
int remove_through_service(const std::string& socket, const std::string& what);

} // namespace toolchain
