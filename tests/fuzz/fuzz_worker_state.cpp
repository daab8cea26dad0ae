// entrypoint::parse_state on any state file content, and the round trip through
// format_state: what was accepted is written and read back the same.
#include "entrypoint/plan/worker_state.hpp"
#include "support/check.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using fuzz_support::require;

namespace {

bool same_target(const entrypoint::HealthTarget& a, const entrypoint::HealthTarget& b) {
    return a.distccd_port == b.distccd_port && a.distccd_stats == b.distccd_stats &&
           a.distccd_stats_port == b.distccd_stats_port && a.sshd_port == b.sshd_port &&
           a.address == b.address;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = entrypoint::parse_state(text);
    if (!parsed) {
        return 0;
    }
    const auto& [mode, target] = *parsed;
    require(mode == entrypoint::Mode::tcp || mode == entrypoint::Mode::ssh,
            "a state names a worker mode");
    require(!target.distccd_port || *target.distccd_port != 0, "ports are 1 to 65535");
    require(!target.sshd_port || *target.sshd_port != 0, "ports are 1 to 65535");
    require(target.distccd_stats_port != 0, "ports are 1 to 65535");
    auto formatted = entrypoint::format_state(mode, target);
    auto reparsed = entrypoint::parse_state(formatted);
    require(reparsed.has_value(), "a formatted state is accepted");
    require(reparsed->first == mode && same_target(reparsed->second, target),
            "a formatted state reads back the same");
    require(entrypoint::format_state(reparsed->first, reparsed->second) == formatted,
            "formatting is stable");
    return 0;
}
