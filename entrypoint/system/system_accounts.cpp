#include "entrypoint/system/system_accounts.hpp"

#include "util/files.hpp"

namespace entrypoint {

std::vector<PasswdEntry> read_passwd(const std::string& root) {
    return parse_passwd(util::read_text_file(root + "/etc/passwd").value_or(""));
}

std::vector<GroupEntry> read_group(const std::string& root) {
    return parse_group(util::read_text_file(root + "/etc/group").value_or(""));
}

} // namespace entrypoint
