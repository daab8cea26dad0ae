#include "entrypoint/plan/passwd_file.hpp"

#include "util/number.hpp"
#include "util/text.hpp"

namespace entrypoint {
namespace {

// Calls `use` with the fields of each meaningful line.
template <typename Use> void for_each_line(std::string_view content, Use use) {
    for (auto line : util::split(content, '\n')) {
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#' || line.front() == '+' || line.front() == '-') {
            continue;
        }
        use(util::split(line, ':'));
    }
}

} // namespace

std::vector<PasswdEntry> parse_passwd(std::string_view content) {
    std::vector<PasswdEntry> users;
    for_each_line(content, [&](const std::vector<std::string_view>& fields) {
        if (fields.size() != 7 || fields[0].empty()) {
            return;
        }
        auto uid = util::parse_integer<uid_t>(fields[2]);
        auto gid = util::parse_integer<gid_t>(fields[3]);
        if (uid && gid) {
            users.push_back({std::string(fields[0]), *uid, *gid, std::string(fields[4]),
                             std::string(fields[5]), std::string(fields[6])});
        }
    });
    return users;
}

std::vector<GroupEntry> parse_group(std::string_view content) {
    std::vector<GroupEntry> groups;
    for_each_line(content, [&](const std::vector<std::string_view>& fields) {
        if (fields.size() != 4 || fields[0].empty()) {
            return;
        }
        auto gid = util::parse_integer<gid_t>(fields[2]);
        if (!gid) {
            return;
        }
        GroupEntry group{std::string(fields[0]), *gid, {}};
        if (!fields[3].empty()) {
            for (auto member : util::split(fields[3], ',')) {
                group.members.emplace_back(member);
            }
        }
        groups.push_back(std::move(group));
    });
    return groups;
}

std::optional<PasswdEntry> find_user(const std::vector<PasswdEntry>& users, std::string_view name) {
    for (const auto& user : users) {
        if (user.name == name) {
            return user;
        }
    }
    return std::nullopt;
}

std::optional<GroupEntry> find_group(const std::vector<GroupEntry>& groups, std::string_view name) {
    for (const auto& group : groups) {
        if (group.name == name) {
            return group;
        }
    }
    return std::nullopt;
}

} // namespace entrypoint
