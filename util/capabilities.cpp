#include "util/capabilities.hpp"

#include "util/files.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace util {

std::string_view capability_name(Capability capability) {
    switch (capability) {
    case Capability::chown:
        return "CHOWN";
    case Capability::dac_override:
        return "DAC_OVERRIDE";
    case Capability::fowner:
        return "FOWNER";
    case Capability::kill:
        return "KILL";
    case Capability::setgid:
        return "SETGID";
    case Capability::setuid:
        return "SETUID";
    case Capability::net_bind_service:
        return "NET_BIND_SERVICE";
    case Capability::sys_chroot:
        return "SYS_CHROOT";
    }
    return "?";
}

std::optional<std::uint64_t> parse_effective_capabilities(std::string_view proc_status) {
    for (auto line : split(proc_status, '\n')) {
        if (line.starts_with("CapEff:")) {
            return parse_integer<std::uint64_t>(trim(line.substr(7)), 16);
        }
    }
    return std::nullopt;
}

std::vector<Capability> missing_capabilities(std::uint64_t effective,
                                             const std::vector<Capability>& wanted) {
    std::vector<Capability> missing;
    for (auto capability : wanted) {
        if ((effective & (std::uint64_t{1} << static_cast<int>(capability))) == 0) {
            missing.push_back(capability);
        }
    }
    return missing;
}

std::optional<std::uint64_t> read_effective_capabilities() {
    auto status = read_text_file("/proc/self/status");
    return status ? parse_effective_capabilities(*status) : std::nullopt;
}

} // namespace util
