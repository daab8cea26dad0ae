#include "entrypoint/state_file.hpp"

#include "entrypoint/daemon_arguments.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

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
    return text;
}

std::optional<std::pair<Mode, HealthTarget>> parse_state(std::string_view text) {
    std::optional<Mode> mode;
    HealthTarget target;
    while (!text.empty()) {
        auto end = text.find('\n');
        auto line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
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
            target.distccd_port = parse_port_number(value);
        } else if (key == "distccd_stats_port") {
            target.distccd_stats = true;
            target.distccd_stats_port = parse_port_number(value).value_or(3633);
        } else if (key == "sshd_port") {
            target.sshd_port = parse_port_number(value);
        }
    }
    if (!mode) {
        return std::nullopt;
    }
    return std::pair{*mode, target};
}

std::optional<std::string> write_state_file(Mode mode, const HealthTarget& target) {
    std::string path = k_state_file;
    auto directory = path.substr(0, path.rfind('/'));
    if (mkdir(directory.c_str(), 0755) != 0 && errno != EEXIST) {
        return fmt::format("cannot create {}: {}", directory, std::strerror(errno));
    }
    auto temporary = path + ".tmp";
    FILE* file = std::fopen(temporary.c_str(), "we");
    if (file == nullptr) {
        return fmt::format("cannot write {}: {}", temporary, std::strerror(errno));
    }
    auto text = format_state(mode, target);
    bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    ok = std::fclose(file) == 0 && ok;
    if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
        return fmt::format("cannot write {}: {}", path, std::strerror(errno));
    }
    return std::nullopt;
}

} // namespace entrypoint
