#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace util {

// The whole content of a file; nothing when it cannot be read (errno tells why).
std::optional<std::string> read_text_file(const std::string& path);

// The content of a file that another user may write: opened without following a symbolic link
// and without blocking (so a FIFO cannot stall the reader), a regular file only, and at most
// MAX_BYTES long. Nothing when it is missing or refused (errno: ELOOP for a link, EINVAL for
// something not a regular file, EFBIG for one too large).
std::optional<std::string> read_untrusted_file(const std::string& path, std::size_t max_bytes);

// Everything left to read from `fd`, up to its end; nothing when reading fails (errno).
std::optional<std::string> read_rest(int fd);

// Writes all of `bytes` to `fd`, retrying interrupted and short writes; false on an error
// (errno tells which).
bool write_all(int fd, std::string_view bytes);

// At most `limit` bytes from the start of a file (a header), never through a link at `path`
// itself; empty when it cannot be read.
std::string read_head(const std::string& path, std::size_t limit);

// `path` with every link resolved (realpath); nothing when it does not exist.
std::optional<std::string> resolve_path(const std::string& path);

// Reads from `fd` until `buffer` is full or the end of the file, retrying interrupted reads.
// Returns how many bytes were read (fewer than the buffer holds: the end was reached), or -1
// with errno set; then what was read before the failure is lost.
ssize_t read_up_to(int fd, std::span<char> buffer);

// Who owns a file written by write_file_atomically, and its mode.
struct FileOwnership {
    unsigned mode = 0644;
    std::optional<uid_t> owner; // nothing: keep the writer's
    std::optional<gid_t> group;
};

// Replaces `path` with `content` all at once: a temporary file beside it (never through a
// symlink), owner and mode set, synced, then renamed over the target. rename() replaces a
// symlink at the target itself, never the file it points to. Returns why it failed.
std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content,
                                                 const FileOwnership& ownership = {});

// Creates `path` and its missing parents (0755); the last one gets `mode`. An existing
// directory is left as it is. Returns why it failed.
std::optional<std::string> make_directories(const std::string& path, unsigned mode = 0755);

// Removes `path` and everything below it, never following a symbolic link (a link is removed,
// not what it leads to). Best effort: what cannot be removed stays.
void remove_tree(const std::string& path);

// True when `path` is a directory, following a symbolic link (stat()).
bool is_directory(const std::string& path);

// What lstat() says is at `path`, without following a symbolic link there.
enum class EntryKind { missing, directory, regular_file, symlink, other };
EntryKind entry_kind(const std::string& path);

// Closes a file descriptor when it goes out of scope, leaving errno as it was.
class UniqueFd {
  public:
    explicit UniqueFd(int fd) : m_fd(fd) {}
    ~UniqueFd();
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }

  private:
    int m_fd;
};

// A directory opened without following a symbolic link at `path` (O_NOFOLLOW), or -1 with
// errno set (ELOOP for a link, ENOTDIR for something else).
int open_real_directory(const std::string& path);

// The target of a symbolic link, e.g. /proc/self/exe; nothing when it cannot be read.
std::optional<std::string> read_symlink(const std::string& path);

// "WHAT: <strerror(errno)>", for a message about the call that just failed.
std::string describe_errno(std::string_view what);

} // namespace util
