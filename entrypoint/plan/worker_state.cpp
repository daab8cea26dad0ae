#include "entrypoint/plan/worker_state.hpp"

#include "util/number.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

namespace entrypoint {

std::string format_state(Mode mode, const HealthTarget& target) {
    std::string text = fmt::format("mode={}\naddress={}\n", mode_name(mode), target.address);
    if (target.distccd_port) {
        text += fmt::format("distccd_port={}\n", *target.distccd_port);
    }
    if (target.distccd_stats) {
        text += fmt::format("distccd_stats_port={}\n", target.distccd_stats_port);
    }
    if (target.sshd_port) {
        text += fmt::format("sshd_port={}\n", *target.sshd_port);
    }
    if (!target.drain_marker.empty()) {
        text += fmt::format("drain_marker={}\n", target.drain_marker);
    }
    return text;
}

std::optional<std::pair<Mode, HealthTarget>> parse_state(std::string_view text) {
    std::optional<Mode> mode;
    HealthTarget target;
    for (auto line : util::split(text, '\n')) {
        auto equals = line.find('=');
        if (equals == std::string_view::npos) {
            continue;
        }
        auto key = line.substr(0, equals);
        auto value = line.substr(equals + 1);
        if (key == "mode") {
            mode = parse_mode(value);
        } else if (key == "address") {
            target.address = std::string(value);
        } else if (key == "distccd_port") {
            target.distccd_port = util::parse_port(value);
        } else if (key == "distccd_stats_port") {
            target.distccd_stats = true;
            target.distccd_stats_port =
                util::parse_port(value).value_or(defaults::k_distccd_stats_port);
        } else if (key == "sshd_port") {
            target.sshd_port = util::parse_port(value);
        } else if (key == "drain_marker") {
            target.drain_marker = std::string(value);
        }
    }
    if (!mode) {
        return std::nullopt;
    }
    return std::pair{*mode, target};
}

} // namespace entrypoint
