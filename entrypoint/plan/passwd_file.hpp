#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace entrypoint {

// One line of /etc/passwd.
struct PasswdEntry {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string gecos;
    std::string home;
    std::string shell;
};

// One line of /etc/group.
struct GroupEntry {
    std::string name;
    gid_t gid = 0;
    std::vector<std::string> members;
};

// Parses /etc/passwd content; malformed and NIS (+/-) lines are skipped.
std::vector<PasswdEntry> parse_passwd(std::string_view content);

// Parses /etc/group content; malformed and NIS (+/-) lines are skipped.
std::vector<GroupEntry> parse_group(std::string_view content);

std::optional<PasswdEntry> find_user(const std::vector<PasswdEntry>& users, std::string_view name);
std::optional<GroupEntry> find_group(const std::vector<GroupEntry>& groups, std::string_view name);

} // namespace entrypoint
