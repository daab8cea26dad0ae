#include "entrypoint/authorized_keys_file.hpp"

#include "entrypoint/file_text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entrypoint {
namespace {

std::string describe_errno(const std::string& what) {
    return fmt::format("{}: {}", what, std::strerror(errno));
}

// A directory we own and nobody can have swapped for a symlink.
std::optional<std::string> prepare_ssh_directory(const PasswdEntry& user, const std::string& path) {
    if (mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
        return describe_errno("cannot create " + path);
    }
    int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return describe_errno(path + " is not a plain directory");
    }
    bool ok = fchown(fd, user.uid, user.gid) == 0 && fchmod(fd, 0700) == 0;
    int saved = errno;
    close(fd);
    errno = saved;
    return ok ? std::nullopt : std::optional(describe_errno("cannot secure " + path));
}

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t written = write(fd, text.data(), text.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

} // namespace

std::optional<std::string> install_authorized_keys(const PasswdEntry& user,
                                                   const std::vector<PublicKey>& keys) {
    auto directory = user.home + "/.ssh";
    if (auto problem = prepare_ssh_directory(user, directory)) {
        return problem;
    }
    auto target = directory + "/authorized_keys";
    auto temporary = fmt::format("{}.distcc-init.{}", target, getpid());
    unlink(temporary.c_str());
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        return describe_errno("cannot create " + temporary);
    }
    bool ok = fchown(fd, user.uid, user.gid) == 0 && fchmod(fd, 0600) == 0 &&
              write_all(fd, render_authorized_keys(keys)) && fsync(fd) == 0;
    int saved = errno;
    close(fd);
    errno = saved;
    // rename() replaces a symlink at the target itself, never the file it points to.
    if (!ok || rename(temporary.c_str(), target.c_str()) != 0) {
        auto problem = describe_errno("cannot write " + target);
        unlink(temporary.c_str());
        return problem;
    }
    return std::nullopt;
}

std::vector<PublicKey> read_public_key_file(const std::string& path) {
    auto content = read_text_file(path).value_or("");
    auto parsed = parse_authorized_keys(content);
    if (auto* keys = std::get_if<std::vector<PublicKey>>(&parsed)) {
        return *keys;
    }
    return {};
}

} // namespace entrypoint
