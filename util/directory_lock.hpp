#pragma once

#include <string>

namespace util {

// An exclusive flock() on a directory, held for the object's lifetime: serializes workers
// that share the directory (replicas on one volume). Without the lock (the directory cannot
// be opened) the holder goes on unserialized.
class DirectoryLock {
  public:
    explicit DirectoryLock(const std::string& directory);
    ~DirectoryLock();
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

  private:
    int m_fd = -1;
};

} // namespace util
