#include "entrypoint/passwd_file.hpp"

#include <charconv>

namespace entrypoint {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> fields;
    while (true) {
        auto end = text.find(separator);
        fields.push_back(text.substr(0, end));
        if (end == std::string_view::npos) {
            return fields;
        }
        text.remove_prefix(end + 1);
    }
}

template <typename Id> std::optional<Id> parse_id(std::string_view text) {
    Id value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// Calls `use` with the fields of each meaningful line.
template <typename Use> void for_each_line(std::string_view content, Use use) {
    for (auto line : split(content, '\n')) {
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#' || line.front() == '+' || line.front() == '-') {
            continue;
        }
        use(split(line, ':'));
    }
}

} // namespace

std::vector<PasswdEntry> parse_passwd(std::string_view content) {
    std::vector<PasswdEntry> users;
    for_each_line(content, [&](const std::vector<std::string_view>& fields) {
        if (fields.size() != 7 || fields[0].empty()) {
            return;
        }
        auto uid = parse_id<uid_t>(fields[2]);
        auto gid = parse_id<gid_t>(fields[3]);
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
        auto gid = parse_id<gid_t>(fields[2]);
        if (!gid) {
            return;
        }
        GroupEntry group{std::string(fields[0]), *gid, {}};
        if (!fields[3].empty()) {
            for (auto member : split(fields[3], ',')) {
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
