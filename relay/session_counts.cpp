#include "relay/session_counts.hpp"

#include "util/files.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

#include <cerrno>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

namespace relay {

std::string format_session_counts(const SessionCounts& counts) {
    return fmt::format("compile {}\ncommand {}\nrefused {}\n", counts.compile, counts.command,
                       counts.refused);
}

SessionCounts parse_session_counts(std::string_view text) {
    SessionCounts counts;
    for (auto line : util::split(text, '\n')) {
        auto words = util::split_words(line);
        if (words.size() != 2) {
            continue;
        }
        auto value = util::parse_decimal(words[1]).value_or(0);
        if (words[0] == "compile") {
            counts.compile = value;
        } else if (words[0] == "command") {
            counts.command = value;
        } else if (words[0] == "refused") {
            counts.refused = value;
        }
    }
    return counts;
}

void count_session(const std::string& path, SessionOutcome outcome) noexcept {
    try {
        int fd = open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0) {
            return;
        }
        while (flock(fd, LOCK_EX) != 0 && errno == EINTR) {
        }
        auto counts = parse_session_counts(util::read_rest(fd).value_or(""));
        (outcome == SessionOutcome::compile   ? counts.compile
         : outcome == SessionOutcome::command ? counts.command
                                              : counts.refused) += 1;
        auto text = format_session_counts(counts);
        if (pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size())) {
            [[maybe_unused]] int truncated = ftruncate(fd, static_cast<off_t>(text.size()));
        }
        close(fd); // releases the lock
    } catch (...) {
        // Counting is best effort.
    }
}

std::optional<SessionCounts> read_session_counts(const std::string& path) {
    auto text = util::read_text_file(path);
    return text ? std::optional(parse_session_counts(*text)) : std::nullopt;
}

} // namespace relay
