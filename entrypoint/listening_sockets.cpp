#include "entrypoint/listening_sockets.hpp"

#include "entrypoint/file_text.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <dirent.h>
#include <string>
#include <unistd.h>

namespace entrypoint {
namespace {

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> fields;
    while (true) {
        auto start = line.find_first_not_of(' ');
        if (start == std::string_view::npos) {
            return fields;
        }
        line.remove_prefix(start);
        auto end = line.find(' ');
        fields.push_back(line.substr(0, end));
        if (end == std::string_view::npos) {
            return fields;
        }
        line.remove_prefix(end);
    }
}

template <typename Number> bool parse_number(std::string_view text, Number& value, int base) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    return error == std::errc{} && end == text.data() + text.size();
}

std::string read_small_file(const std::string& path) {
    return read_text_file(path).value_or("");
}

bool is_stopped(pid_t pid) {
    auto stat = read_small_file("/proc/" + std::to_string(pid) + "/stat");
    auto close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() &&
           (stat[close + 2] == 'T' || stat[close + 2] == 't');
}

bool is_waiting_in_accept(pid_t pid) {
    auto base = "/proc/" + std::to_string(pid);
    auto wchan = read_small_file(base + "/wchan");
    if (wchan.find("accept") != std::string::npos) {
        return true;
    }
    auto syscall = read_small_file(base + "/syscall");
    return syscall.starts_with("43 ") || syscall.starts_with("288 "); // accept, accept4 (x86-64)
}

} // namespace

std::vector<ListeningSocket> parse_listening_sockets(std::string_view content) {
    // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode"
    constexpr std::string_view k_listen_state = "0A";
    std::vector<ListeningSocket> sockets;
    while (!content.empty()) {
        auto end = content.find('\n');
        auto fields = split_fields(content.substr(0, end));
        content = end == std::string_view::npos ? std::string_view{} : content.substr(end + 1);
        if (fields.size() < 10 || fields[3] != k_listen_state) {
            continue;
        }
        auto colon = fields[1].rfind(':');
        auto queues = fields[4].find(':');
        ListeningSocket socket;
        if (colon == std::string_view::npos || queues == std::string_view::npos ||
            !parse_number(fields[1].substr(colon + 1), socket.port, 16) ||
            !parse_number(fields[4].substr(queues + 1), socket.accept_queue, 16) ||
            !parse_number(fields[9], socket.inode, 10)) {
            continue;
        }
        sockets.push_back(socket);
    }
    return sockets;
}

std::vector<ListeningSocket> find_listening_sockets(std::uint16_t port) {
    std::vector<ListeningSocket> found;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        for (const auto& socket : parse_listening_sockets(read_small_file(table))) {
            if (socket.port == port) {
                found.push_back(socket);
            }
        }
    }
    return found;
}

SocketOwners find_socket_owners(const std::vector<ListeningSocket>& sockets) {
    SocketOwners owners;
    DIR* proc = opendir("/proc");
    if (proc == nullptr) {
        owners.could_inspect = false;
        return owners;
    }
    while (dirent* entry = readdir(proc)) {
        pid_t pid = 0;
        std::string_view name = entry->d_name;
        if (!parse_number(name, pid, 10)) {
            continue;
        }
        auto fd_dir = "/proc/" + std::string(name) + "/fd";
        DIR* fds = opendir(fd_dir.c_str());
        if (fds == nullptr) {
            // Another user's process without CAP_SYS_PTRACE (docker exec as root has none).
            owners.could_inspect = owners.could_inspect && errno != EACCES && errno != EPERM;
            continue;
        }
        bool holds = false;
        while (dirent* fd = readdir(fds)) {
            char target[64];
            auto link = fd_dir + "/" + fd->d_name;
            ssize_t length = readlink(link.c_str(), target, sizeof target - 1);
            if (length <= 0) {
                owners.could_inspect = owners.could_inspect && errno != EACCES && errno != EPERM;
                continue;
            }
            std::string_view text(target, static_cast<std::size_t>(length));
            holds = std::ranges::any_of(sockets, [&](const ListeningSocket& socket) {
                return text == "socket:[" + std::to_string(socket.inode) + "]";
            });
            if (holds) {
                break;
            }
        }
        closedir(fds);
        if (holds) {
            owners.pids.push_back(pid);
            owners.waiting_in_accept += is_waiting_in_accept(pid) ? 1 : 0;
            owners.stopped += is_stopped(pid) ? 1 : 0;
        }
    }
    closedir(proc);
    return owners;
}

} // namespace entrypoint
