#include "entrypoint/system/authorized_keys_file.hpp"

#include "util/files.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entrypoint {
namespace {

// A directory we own and nobody can have swapped for a symlink.
std::optional<std::string> prepare_ssh_directory(const PasswdEntry& user, const std::string& path) {
    if (mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
        return util::describe_errno("cannot create " + path);
    }
    util::UniqueFd directory(util::open_real_directory(path));
    if (!directory.valid()) {
        return util::describe_errno(path + " is not a plain directory");
    }
    if (fchown(directory.get(), user.uid, user.gid) != 0 || fchmod(directory.get(), 0700) != 0) {
        return util::describe_errno("cannot secure " + path);
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> install_authorized_keys(const PasswdEntry& user,
                                                   const std::vector<PublicKey>& keys) {
    if (util::entry_kind(user.home) != util::EntryKind::directory) {
        return user.home + " (the home of " + user.name +
               ") is a symbolic link or not a directory: distcc-init follows no link there";
    }
    auto directory = user.home + "/.ssh";
    if (auto problem = prepare_ssh_directory(user, directory)) {
        return problem;
    }
    return util::write_file_atomically(directory + "/authorized_keys", render_authorized_keys(keys),
                                       {0600, user.uid, user.gid});
}

std::vector<PublicKey> read_public_key_file(const std::string& path) {
    auto parsed = parse_authorized_keys(util::read_text_file(path).value_or(""));
    if (auto* keys = std::get_if<std::vector<PublicKey>>(&parsed)) {
        return *keys;
    }
    return {};
}

} // namespace entrypoint
