#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace client {

// One host of a DISTCC_HOSTS line, as distcc(1) spells it:
//   localhost[/LIMIT]
//   HOST[:PORT][/LIMIT][,OPTION...]         (TCP; HOST a name, an address or [IPv6])
//   [USER]@HOST[/LIMIT][:COMMAND][,OPTION...] (SSH)
struct HostSpec {
    std::string spec;       // as written: what DISTCC_HOSTS gets for it
    std::string name;       // without limit, command and options: "10.0.0.1:3632", "user@builder"
    bool ssh = false;       // user@host or @host
    bool localhost = false; // "localhost": distcc compiles here, nothing to check
    std::string user;       // SSH: before the '@' (empty: the ssh config's)
    std::string address;    // TCP and SSH: the host part, brackets removed
    std::optional<std::uint16_t> port; // TCP: ":PORT" as written
    std::optional<int> limit;          // "/LIMIT" as written
    std::string command;               // SSH: ":COMMAND", the path of distccd there
    std::vector<std::string> options;  // "lzo", "cpp", "auth[=NAME]", in their order
};

// distcc's own defaults for a host written without them.
inline constexpr std::uint16_t k_distcc_port = 3632;
inline constexpr int k_distcc_default_limit = 4;           // a remote host
inline constexpr int k_distcc_default_localhost_limit = 2; // localhost

// One word of a DISTCC_HOSTS line; nothing, and `problem` says what is wrong with it (a bad
// port or limit, an option distcc does not know, ",cpp" over SSH without a host...).
std::optional<HostSpec> parse_host_spec(std::string_view word, std::string& problem);

// The hosts of a DISTCC_HOSTS value, in order; "--randomize", "--localslots=N",
// "--localslots_cpp=N" and "+zeroconf" are not hosts. A word it cannot read: nothing, and
// `problem` says which.
std::vector<HostSpec> parse_distcc_hosts(std::string_view line, std::string& problem);

// HOST back as DISTCC_HOSTS spells it, from its parts (name, limit, command, options): what a
// host list prints after it changed a part.
std::string render_host_spec(const HostSpec& host);

// The value of an unlabelled sample in Prometheus text, e.g. distcc_job_limit.
std::optional<double> find_sample(std::string_view exposition, std::string_view name);

} // namespace client
