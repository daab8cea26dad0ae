// The parsers of what the kernel and the image provide, on any content: /proc/net/tcp
// (util::parse_listening_sockets), /proc/PID/stat (util::parse_proc_stat), cgroup v2
// cpu.max and cpuset.cpus.effective (entrypoint::parse_cpu_max, count_cpu_list), /etc/passwd
// and /etc/group (entrypoint::parse_passwd, parse_group). Every parser reads every input.
#include "entrypoint/plan/cpu_limit.hpp"
#include "entrypoint/plan/passwd_file.hpp"
#include "support/check.hpp"
#include "util/proc_stat.hpp"
#include "util/socket_table.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

using fuzz_support::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);

    auto sockets = util::parse_listening_sockets(text);
    require(sockets.size() <= size / 10, "a listening socket takes a line of ten fields");

    if (auto entry = util::parse_proc_stat(text)) {
        require(entry->name.size() + 5 <= size, "the command name comes from the input");
    }

    if (auto quota = entrypoint::parse_cpu_max(text)) {
        require(std::isfinite(*quota) && *quota > 0, "a CPU quota is a positive number");
        int usable = entrypoint::usable_cpus(quota, std::nullopt, std::nullopt, 64);
        require(usable >= 1 && usable <= 64, "usable CPUs are between 1 and online");
    }
    if (auto count = entrypoint::count_cpu_list(text)) {
        require(*count >= 1, "a CPU list names at least one CPU");
        int usable = entrypoint::usable_cpus(std::nullopt, count, std::nullopt, 64);
        require(usable >= 1 && usable <= 64, "usable CPUs are between 1 and online");
    }

    for (const auto& user : entrypoint::parse_passwd(text)) {
        require(!user.name.empty(), "a user has a name");
        require(user.name.find_first_of(":\n") == std::string::npos, "a name is one field");
    }
    for (const auto& group : entrypoint::parse_group(text)) {
        require(!group.name.empty(), "a group has a name");
        for (const auto& member : group.members) {
            require(member.find_first_of(",:\n") == std::string::npos, "a member is one name");
        }
    }
    return 0;
}
