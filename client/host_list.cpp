#include "client/host_list.hpp"

#include "util/number.hpp"
#include "util/socket_address.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace client {
namespace {

constexpr std::string_view k_localhost = "localhost";

// Where the host part of `rest` ends: after "]" for a bracketed IPv6 address, else before the
// first of `stops`. npos for an unclosed bracket.
std::size_t end_of_host(std::string_view rest, std::string_view stops) {
    if (rest.starts_with('[')) {
        auto close = rest.find(']');
        return close == std::string_view::npos ? close : close + 1;
    }
    return std::min(rest.find_first_of(stops), rest.size());
}

bool known_option(std::string_view option) {
    return option == "lzo" || option == "cpp" || option == "auth" || option.starts_with("auth=");
}

// Reads what follows the host part: ":PORT" (TCP) or ":COMMAND" (SSH), "/LIMIT" and
// ",OPTION"s, in any order distcc accepts. Returns the problem, or nothing.
std::optional<std::string> read_suffixes(std::string_view rest, HostSpec& host) {
    while (!rest.empty()) {
        char marker = rest.front();
        rest.remove_prefix(1);
        // An SSH command is a path: it runs to the next option, slashes and all.
        auto stops = marker == ':' && host.ssh ? std::string_view(",") : std::string_view(":/,");
        auto end = std::min(rest.find_first_of(stops), rest.size());
        auto part = rest.substr(0, end);
        rest.remove_prefix(end);
        if (marker == ':' && host.ssh) {
            if (part.empty() || !host.command.empty()) {
                return "an SSH host takes one :COMMAND, the path of distccd there";
            }
            host.command = part;
        } else if (marker == ':') {
            auto port = util::parse_port(part);
            if (!port || host.port) {
                return fmt::format("{:?} is not a TCP port", std::string(part));
            }
            host.port = port;
        } else if (marker == '/') {
            auto limit = util::parse_integer<int>(part);
            if (!limit || *limit < 1 || host.limit) {
                return fmt::format("{:?} is not a job limit (a whole number from 1)",
                                   std::string(part));
            }
            host.limit = limit;
        } else if (!known_option(part)) {
            return fmt::format("{:?} is not a host option distcc knows (lzo, cpp, auth)",
                               std::string(part));
        } else {
            host.options.emplace_back(part);
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<HostSpec> parse_host_spec(std::string_view word, std::string& problem) {
    HostSpec host;
    host.spec = word;
    auto refuse = [&](const std::string& why) -> std::optional<HostSpec> {
        problem = fmt::format("{:?}: {}", std::string(word), why);
        return std::nullopt;
    };
    std::string_view rest = word;
    auto at = rest.find('@');
    host.ssh = at != std::string_view::npos && at < rest.find_first_of("/,");
    if (host.ssh) {
        host.user = rest.substr(0, at);
        rest.remove_prefix(at + 1);
    }
    auto end = end_of_host(rest, host.ssh ? "/:," : ":/,");
    if (end == std::string_view::npos) {
        return refuse("an IPv6 address opens \"[\" and does not close it");
    }
    auto host_part = rest.substr(0, end);
    host.address =
        host_part.starts_with('[') ? host_part.substr(1, host_part.size() - 2) : host_part;
    if (host.address.empty()) {
        return refuse("names no host");
    }
    host.localhost = !host.ssh && host_part == k_localhost;
    rest.remove_prefix(end);
    // The name is the word up to its limit, command or options: a TCP port written first
    // ("HOST:PORT/LIMIT") is part of it.
    auto host_end = word.size() - rest.size();
    auto name_end = host.ssh ? host_end : std::min(word.find_first_of("/,", host_end), word.size());
    host.name = word.substr(0, name_end);
    if (auto why = read_suffixes(rest, host)) {
        return refuse(*why);
    }
    if (host.localhost && (host.port || !host.options.empty())) {
        return refuse("localhost takes only a /LIMIT: distcc compiles there itself");
    }
    if (host.localhost) {
        host.address.clear();
    }
    return host;
}

std::vector<HostSpec> parse_distcc_hosts(std::string_view line, std::string& problem) {
    std::vector<HostSpec> hosts;
    for (auto word : util::split_words(util::trim(line))) {
        if (word.starts_with("--") || word.starts_with("+")) {
            continue; // --randomize, --localslots=N, --localslots_cpp=N, +zeroconf
        }
        auto host = parse_host_spec(word, problem);
        if (!host) {
            return {};
        }
        hosts.push_back(std::move(*host));
    }
    return hosts;
}

std::string render_host_spec(const HostSpec& host) {
    std::string spec;
    if (host.localhost) {
        spec = k_localhost;
    } else if (host.ssh) {
        bool is_v6 = host.address.find(':') != std::string::npos;
        spec = host.user + "@" + (is_v6 ? "[" + host.address + "]" : host.address);
    } else if (host.port) {
        spec = util::format_endpoint(host.address, *host.port);
    } else {
        bool is_v6 = host.address.find(':') != std::string::npos;
        spec = is_v6 ? "[" + host.address + "]" : host.address;
    }
    if (host.limit) {
        spec += fmt::format("/{}", *host.limit);
    }
    if (!host.command.empty()) {
        spec += ":" + host.command;
    }
    for (const auto& option : host.options) {
        spec += "," + option;
    }
    return spec;
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

} // namespace client
