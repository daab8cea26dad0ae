#include "support/scratch_directory.hpp"
#include "util/directory_lock.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {

// Whether another open file description could take the lock right now.
bool lock_is_free(const std::string& directory) {
    int fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool free = flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return free;
}

} // namespace

TEST_CASE("util::DirectoryLock") {
    test_support::ScratchDirectory scratch;
    const auto& directory = scratch.path;
    {
        util::DirectoryLock lock(directory);
        CHECK_FALSE(lock_is_free(directory));
    }
    CHECK(lock_is_free(directory));
    util::DirectoryLock missing(directory + "/missing"); // goes on unserialized
}
