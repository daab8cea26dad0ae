#include "toolchain/system/line_channel.hpp"

#include "toolchain/bundle/push_protocol.hpp"
#include "util/files.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace toolchain {

int LineChannel::wait_milliseconds() const {
    auto left = m_deadline == Clock::time_point::max()
                    ? m_idle
                    : std::min(m_idle, std::chrono::duration_cast<std::chrono::milliseconds>(
                                           m_deadline - Clock::now()));
    return static_cast<int>(std::max<long>(0, left.count()));
}

bool LineChannel::fill() {
    pollfd wait{m_read, POLLIN, 0};
    if (poll(&wait, 1, wait_milliseconds()) <= 0) {
        return false;
    }
    char chunk[65536];
    auto count = read(m_read, chunk, sizeof chunk);
    if (count <= 0) {
        return false;
    }
    m_buffer.append(chunk, static_cast<std::size_t>(count));
    return true;
}

std::optional<std::string> LineChannel::read_line() {
    while (true) {
        auto end = m_buffer.find('\n');
        if (end != std::string::npos) {
            auto line = m_buffer.substr(0, end);
            m_buffer.erase(0, end + 1);
            return line;
        }
        if (m_buffer.size() > k_max_line || !fill()) {
            return std::nullopt;
        }
    }
}

bool LineChannel::send(std::string_view bytes) {
    while (!bytes.empty()) {
        pollfd wait{m_write, POLLOUT, 0};
        if (poll(&wait, 1, wait_milliseconds()) <= 0) {
            return false;
        }
        auto count = write(m_write, bytes.data(), bytes.size());
        if (count < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (count <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(count));
    }
    return true;
}

bool LineChannel::send_file(const std::string& path) {
    util::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        return false;
    }
    std::string buffer(1 << 16, '\0');
    while (true) {
        auto count = util::read_up_to(fd.get(), buffer);
        if (count < 0 || (count > 0 && !send(std::string_view(buffer).substr(
                                           0, static_cast<std::size_t>(count))))) {
            return false;
        }
        if (static_cast<std::size_t>(count) < buffer.size()) {
            return true;
        }
    }
}

bool LineChannel::copy_to(int fd, std::uint64_t size) {
    while (size > 0) {
        if (m_buffer.empty() && !fill()) {
            return false;
        }
        auto take = static_cast<std::size_t>(std::min<std::uint64_t>(size, m_buffer.size()));
        if (!util::write_all(fd, std::string_view(m_buffer).substr(0, take))) {
            return false;
        }
        m_buffer.erase(0, take);
        size -= take;
    }
    return true;
}

} // namespace toolchain
