#pragma once

#include "entrypoint/plan/authorized_keys.hpp"
#include "entrypoint/plan/passwd_file.hpp"

#include <optional>
#include <string>
#include <vector>

namespace entrypoint {

// Writes ~/.ssh/authorized_keys for `user` atomically (temporary file + rename, never through
// a symlink): .ssh 0700 and the file 0600, both owned by the user. Returns why it failed.
std::optional<std::string> install_authorized_keys(const PasswdEntry& user,
                                                   const std::vector<PublicKey>& keys);

// The keys in a public key file such as ssh_host_ed25519_key.pub; empty when unreadable.
std::vector<PublicKey> read_public_key_file(const std::string& path);

} // namespace entrypoint
