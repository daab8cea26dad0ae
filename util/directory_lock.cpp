#include "util/directory_lock.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace util {

DirectoryLock::DirectoryLock(const std::string& directory)
    : m_fd(open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (m_fd >= 0) {
        while (flock(m_fd, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
}

DirectoryLock::~DirectoryLock() {
    if (m_fd >= 0) {
        close(m_fd); // releases the lock
    }
}

} // namespace util
