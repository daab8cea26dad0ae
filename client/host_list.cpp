#include "client/host_list.hpp"

#include "util/number.hpp"
#include "util/socket_address.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace client {
namespace {

std::string format_spec(const WorkerReport& report, const PoolSettings& settings) {
    bool is_v6 = report.address.find(':') != std::string::npos;
    std::string host = is_v6 ? "[" + report.address + "]" : report.address;
    std::string spec;
    if (settings.ssh) {
        spec = "@" + host;
        if (!settings.ssh_user.empty()) {
            spec = settings.ssh_user + spec;
        }
    } else {
        spec = util::format_endpoint(report.address, settings.distccd_port);
    }
    if (report.job_limit) {
        spec += fmt::format("/{}", *report.job_limit);
    }
    if (settings.lzo) {
        spec += ",lzo";
    }
    return spec;
}

} // namespace

std::string format_host_list(const std::vector<WorkerReport>& reports,
                             const PoolSettings& settings) {
    std::vector<const WorkerReport*> up;
    for (const auto& report : reports) {
        if (report.up) {
            up.push_back(&report);
        }
    }
    std::ranges::stable_sort(up, [](const WorkerReport* a, const WorkerReport* b) {
        return a->job_limit.value_or(0) > b->job_limit.value_or(0);
    });
    std::vector<std::string> specs;
    for (const auto* report : up) {
        specs.push_back(format_spec(*report, settings));
    }
    return fmt::format("{}", fmt::join(specs, " "));
}

std::optional<double> find_sample(std::string_view exposition, std::string_view name) {
    for (auto line : util::split(exposition, '\n')) {
        auto words = util::split_words(util::trim(line));
        if (words.size() == 2 && words[0] == name) {
            return util::parse_decimal(words[1]);
        }
    }
    return std::nullopt;
}

std::vector<HostSpec> parse_distcc_hosts(std::string_view line, std::string& problem) {
    std::vector<HostSpec> hosts;
    for (auto word : util::split_words(util::trim(line))) {
        if (word.starts_with("--") || word.starts_with("+")) {
            continue; // --randomize, --localslots=N, +zeroconf
        }
        HostSpec host;
        host.spec = word;
        host.name = word.substr(0, word.find_first_of("/,"));
        if (host.name.empty()) {
            problem = fmt::format("{:?} names no host", std::string(word));
            return {};
        }
        if (host.name.find('@') != std::string::npos) {
            host.ssh = true;
        } else if (host.name == "localhost") {
            host.localhost = true;
        } else {
            std::string_view rest = host.name;
            std::string_view port;
            if (rest.starts_with('[')) {
                auto close = rest.find(']');
                host.address = rest.substr(1, close - 1);
                if (close != std::string_view::npos && close + 1 < rest.size() &&
                    rest[close + 1] == ':') {
                    port = rest.substr(close + 2);
                }
            } else {
                auto colon = rest.find(':');
                host.address = rest.substr(0, colon);
                port = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
            }
            if (!port.empty()) {
                auto parsed = util::parse_port(port);
                if (!parsed) {
                    problem = fmt::format("{:?}: {:?} is not a TCP port", std::string(word),
                                          std::string(port));
                    return {};
                }
                host.port = *parsed;
            }
        }
        hosts.push_back(std::move(host));
    }
    return hosts;
}

} // namespace client
