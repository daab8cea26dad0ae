#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// Linux capabilities distcc-init checks for, by their number in the kernel's bit mask.
enum class Capability : int {
    chown = 0,
    dac_override = 1,
    fowner = 3,
    kill = 5,
    setgid = 6,
    setuid = 7,
    net_bind_service = 10,
    sys_chroot = 18,
};

// "CHOWN", "SYS_CHROOT": the name Docker's --cap-add takes.
std::string_view capability_name(Capability capability);

// The effective set in /proc/self/status's content (the CapEff line); nothing when absent.
std::optional<std::uint64_t> parse_effective_capabilities(std::string_view proc_status);

// Those of `wanted` that are not in `effective`, in the order given.
std::vector<Capability> missing_capabilities(std::uint64_t effective,
                                             const std::vector<Capability>& wanted);

// This process's effective capabilities; nothing when /proc cannot tell.
std::optional<std::uint64_t> read_effective_capabilities();

} // namespace util
