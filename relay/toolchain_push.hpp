#pragma once

// A toolchain push over SSH: the client runs `distcc-init toolchains receive` on the worker;
// the relay recognises that one command (also in compile-only mode, where it is the only one
// allowed besides distccd) and relays the session, like a compile, to the worker's toolchain
// service, which decides what to install. No shell starts.

#include <optional>
#include <string>

namespace relay {

// True for exactly "distcc-init toolchains receive" (the program also given by its path).
bool is_toolchain_push(const std::optional<std::string>& original_command);

// Relays stdin/stdout to the service's socket; the exit code.
int relay_toolchain_push(const std::string& socket);

} // namespace relay
