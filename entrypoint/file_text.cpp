#include "entrypoint/file_text.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace entrypoint {

std::optional<std::string> read_text_file(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    std::string content;
    char buffer[65536];
    ssize_t count = 0;
    while ((count = read(fd, buffer, sizeof buffer)) > 0 || (count < 0 && errno == EINTR)) {
        if (count > 0) {
            content.append(buffer, static_cast<std::size_t>(count));
        }
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return count < 0 ? std::nullopt : std::optional(content);
}

} // namespace entrypoint
