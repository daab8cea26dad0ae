#pragma once

// Helpers shared by unit tests that touch the file system.

#include <filesystem>
#include <stdlib.h>
#include <string>
#include <sys/stat.h>

namespace test_support {

// A fresh directory under /tmp, removed with the object.
struct ScratchDirectory {
    ScratchDirectory() {
        char pattern[] = "/tmp/distcc-init-unit.XXXXXX";
        path = mkdtemp(pattern);
    }
    ~ScratchDirectory() { std::filesystem::remove_all(path); }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    std::string path;
};

// The permission bits of `path` itself (a symlink is not followed).
inline unsigned mode_of(const std::string& path) {
    struct stat info {};
    lstat(path.c_str(), &info);
    return info.st_mode & 07777;
}

} // namespace test_support
