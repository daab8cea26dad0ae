#pragma once

#include "entrypoint/plan/passwd_file.hpp"

#include <string>
#include <vector>

namespace entrypoint {

// The accounts in ROOT/etc/passwd and ROOT/etc/group, read directly: the static binary has
// no NSS. Empty when the file cannot be read.
std::vector<PasswdEntry> read_passwd(const std::string& root = "");
std::vector<GroupEntry> read_group(const std::string& root = "");

} // namespace entrypoint
