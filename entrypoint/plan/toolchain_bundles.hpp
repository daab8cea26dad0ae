#pragma once

// Pushed toolchain bundles in the worker's plan (pure): their names served on top of the
// image's compilers, the names listed for distccd ahead of time, and the toolchain service
// that installs and serves bundles while the worker runs.

#include "entrypoint/plan/plan.hpp"
#include "entrypoint/plan/system_facts.hpp"
#include "util/environment.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace entrypoint {

// The image's toolchains with the bundles' compilers added: each name a bundle serves leads
// to it, whatever the image has under that name.
ServedToolchains serve_bundles(const ServedToolchains& image,
                               const std::vector<Toolchain>& bundles);

// Every name distccd's list holds from the start: each served name, and every compiler-shaped
// name for the known targets and those served, so that a bundle pushed later is seen by every
// distccd process (each reads the list once).
std::set<std::string> compiler_shaped_listing(const ServedToolchains& served);

// DISTCC_TOOLCHAIN_MAX_SIZE: bytes, or with K, M or G (powers of 1000); the default when unset.
// A bad value is refused (exit 3).
std::uint64_t read_toolchain_max_size(const util::Environment& environment);

// What the toolchain service needs (the store, the token), when distcc-init manages the
// served names (call after add_served_compilers); returns the service's command, for the
// caller to add to the companions, or nothing when there is no service. `push_port`: the tcp
// image's token endpoint (nothing for ssh, whose pushes come through the relay); `ssh_user`:
// who may push through the socket.
std::optional<std::vector<std::string>>
plan_toolchain_service(Plan& plan, const util::Environment& environment, const SystemFacts& facts,
                       std::optional<std::uint16_t> push_port,
                       const std::optional<std::string>& push_address,
                       const std::optional<std::string>& ssh_user);

} // namespace entrypoint
