#include "entrypoint/system_accounts.hpp"

#include "entrypoint/file_text.hpp"

namespace entrypoint {

std::vector<PasswdEntry> read_passwd(const std::string& root) {
    return parse_passwd(read_text_file(root + "/etc/passwd").value_or(""));
}

std::vector<GroupEntry> read_group(const std::string& root) {
    return parse_group(read_text_file(root + "/etc/group").value_or(""));
}

} // namespace entrypoint
