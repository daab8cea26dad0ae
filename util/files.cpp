#include "util/files.hpp"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

namespace util {

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t written = write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

std::string read_head(const std::string& path, std::size_t limit) {
    UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    std::string bytes(limit, '\0');
    auto count = fd.valid() ? read_up_to(fd.get(), bytes) : -1;
    bytes.resize(count > 0 ? static_cast<std::size_t>(count) : 0);
    return bytes;
}

std::optional<std::string> resolve_path(const std::string& path) {
    char resolved[PATH_MAX];
    if (realpath(path.c_str(), resolved) == nullptr) {
        return std::nullopt;
    }
    return std::string(resolved);
}

namespace {

bool apply_ownership(int fd, const FileOwnership& ownership) {
    if ((ownership.owner || ownership.group) &&
        fchown(fd, ownership.owner.value_or(static_cast<uid_t>(-1)),
               ownership.group.value_or(static_cast<gid_t>(-1))) != 0) {
        return false;
    }
    return fchmod(fd, ownership.mode) == 0;
}

} // namespace

std::optional<std::string> read_text_file(const std::string& path) {
    UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        return std::nullopt;
    }
    return read_rest(fd.get());
}

std::optional<std::string> read_untrusted_file(const std::string& path, std::size_t max_bytes) {
    UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    struct stat info {};
    if (!fd.valid() || fstat(fd.get(), &info) != 0) {
        return std::nullopt;
    }
    if (!S_ISREG(info.st_mode)) {
        errno = EINVAL;
        return std::nullopt;
    }
    // One byte more than allowed tells a file that grew past the cap.
    std::string content(max_bytes + 1, '\0');
    auto count = read_up_to(fd.get(), content);
    if (count < 0) {
        return std::nullopt;
    }
    if (static_cast<std::size_t>(count) > max_bytes) {
        errno = EFBIG;
        return std::nullopt;
    }
    content.resize(static_cast<std::size_t>(count));
    return content;
}

std::optional<std::string> read_rest(int fd) {
    std::string content;
    char buffer[16384];
    ssize_t count = 0;
    while ((count = read_up_to(fd, buffer)) > 0) {
        content.append(buffer, static_cast<std::size_t>(count));
        if (static_cast<std::size_t>(count) < sizeof buffer) {
            break;
        }
    }
    if (count < 0) {
        return std::nullopt;
    }
    return content;
}

ssize_t read_up_to(int fd, std::span<char> buffer) {
    std::size_t size = 0;
    while (size < buffer.size()) {
        ssize_t count = read(fd, buffer.data() + size, buffer.size() - size);
        if (count > 0) {
            size += static_cast<std::size_t>(count);
        } else if (count == 0) {
            break;
        } else if (errno != EINTR) {
            return -1;
        }
    }
    return static_cast<ssize_t>(size);
}

std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content,
                                                 const FileOwnership& ownership) {
    auto temporary = path + ".distcc-init." + std::to_string(getpid());
    unlink(temporary.c_str());
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        return describe_errno("cannot create " + temporary);
    }
    bool ok = apply_ownership(fd, ownership) && write_all(fd, content) && fsync(fd) == 0;
    int saved = errno;
    close(fd);
    errno = saved;
    if (!ok || rename(temporary.c_str(), path.c_str()) != 0) {
        auto problem = describe_errno("cannot write " + path);
        unlink(temporary.c_str());
        return problem;
    }
    return std::nullopt;
}

std::optional<std::string> make_directories(const std::string& path, unsigned mode) {
    for (std::size_t slash = 0; slash != std::string::npos;) {
        slash = path.find('/', slash + 1);
        auto partial = path.substr(0, slash);
        if (mkdir(partial.c_str(), slash == std::string::npos ? mode : 0755) != 0 &&
            errno != EEXIST) {
            return describe_errno("cannot create " + partial);
        }
    }
    return std::nullopt;
}

void remove_tree(const std::string& path) {
    // Depth first and physical: a directory's entries go before it, and links are not followed.
    nftw(
        path.c_str(),
        [](const char* entry, const struct stat*, int, FTW*) {
            std::remove(entry);
            return 0;
        },
        16, FTW_DEPTH | FTW_PHYS);
}

bool is_directory(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

EntryKind entry_kind(const std::string& path) {
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0) {
        return EntryKind::missing;
    }
    if (S_ISLNK(info.st_mode)) {
        return EntryKind::symlink;
    }
    if (S_ISDIR(info.st_mode)) {
        return EntryKind::directory;
    }
    return S_ISREG(info.st_mode) ? EntryKind::regular_file : EntryKind::other;
}

UniqueFd::~UniqueFd() {
    if (m_fd >= 0) {
        int saved = errno; // what the caller's failed call said outlives the cleanup
        close(m_fd);
        errno = saved;
    }
}

int open_real_directory(const std::string& path) {
    return open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

std::optional<std::string> read_symlink(const std::string& path) {
    char target[4096];
    ssize_t length = readlink(path.c_str(), target, sizeof target);
    if (length <= 0 || static_cast<std::size_t>(length) == sizeof target) {
        return std::nullopt;
    }
    return std::string(target, static_cast<std::size_t>(length));
}

std::string describe_errno(std::string_view what) {
    return std::string(what) + ": " + std::strerror(errno);
}

} // namespace util
