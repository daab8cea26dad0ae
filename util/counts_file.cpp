#include "util/counts_file.hpp"

#include "util/files.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <ctime>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace util {
namespace {

constexpr std::size_t k_max_names = 64;
constexpr std::size_t k_max_name_length = 32;
constexpr std::size_t k_max_file_size = 4096;

bool is_count_name(std::string_view name) {
    return !name.empty() && name.size() <= k_max_name_length &&
           std::ranges::all_of(name, [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
           });
}

// An exclusive lock within about 50 ms, or none.
bool lock_briefly(int fd) {
    for (int attempt = 0; attempt < 50; ++attempt) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            return true;
        }
        if (errno != EWOULDBLOCK && errno != EINTR) {
            return false;
        }
        timespec pause{0, 1'000'000};
        nanosleep(&pause, nullptr);
    }
    return false;
}

} // namespace

std::string format_counts(const Counts& counts) {
    std::string text;
    for (const auto& [name, value] : counts) {
        text += fmt::format("{} {}\n", name, value);
    }
    return text;
}

Counts parse_counts(std::string_view text) {
    Counts counts;
    for (auto line : split(text, '\n')) {
        auto words = split_words(line);
        if (words.size() != 2 || !is_count_name(words[0]) || counts.size() >= k_max_names) {
            continue;
        }
        if (auto value = parse_decimal(words[1]); value && std::isfinite(*value) && *value >= 0) {
            counts[std::string(words[0])] = *value;
        }
    }
    return counts;
}

void add_count(const std::string& path, std::string_view name) noexcept {
    try {
        UniqueFd fd(
            open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644));
        struct stat info {};
        if (!fd.valid() || fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) ||
            info.st_size > static_cast<off_t>(k_max_file_size) || !lock_briefly(fd.get())) {
            return;
        }
        auto counts = parse_counts(read_rest(fd.get()).value_or(""));
        counts[std::string(name)] += 1;
        auto text = format_counts(counts);
        if (pwrite(fd.get(), text.data(), text.size(), 0) == static_cast<ssize_t>(text.size())) {
            [[maybe_unused]] int truncated = ftruncate(fd.get(), static_cast<off_t>(text.size()));
        }
    } catch (...) {
        // Counting is best effort.
    }
}

std::optional<Counts> read_counts(const std::string& path) {
    auto text = read_untrusted_file(path, k_max_file_size);
    return text ? std::optional(parse_counts(*text)) : std::nullopt;
}

} // namespace util
