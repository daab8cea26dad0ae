#include "health/socket_owners.hpp"

#include "util/files.hpp"
#include "util/number.hpp"
#include "util/proc_stat.hpp"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <string>
#include <unistd.h>

namespace health {
namespace {

std::string read_small_file(const std::string& path) {
    return util::read_text_file(path).value_or("");
}

bool is_stopped(pid_t pid) {
    auto entry = util::read_proc_stat(std::to_string(pid));
    return entry && (entry->state == 'T' || entry->state == 't');
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

std::vector<util::ListeningSocket> find_listening_sockets(std::uint16_t port) {
    std::vector<util::ListeningSocket> found;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        for (const auto& socket : util::parse_listening_sockets(read_small_file(table))) {
            if (socket.port == port) {
                found.push_back(socket);
            }
        }
    }
    return found;
}

SocketOwners find_socket_owners(const std::vector<util::ListeningSocket>& sockets) {
    SocketOwners owners;
    DIR* proc = opendir("/proc");
    if (proc == nullptr) {
        owners.could_inspect = false;
        return owners;
    }
    while (dirent* entry = readdir(proc)) {
        std::string_view name = entry->d_name;
        auto pid = util::parse_integer<pid_t>(name);
        if (!pid) {
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
            auto target = util::read_symlink(fd_dir + "/" + fd->d_name);
            if (!target) {
                owners.could_inspect = owners.could_inspect && errno != EACCES && errno != EPERM;
                continue;
            }
            holds = std::ranges::any_of(sockets, [&](const util::ListeningSocket& socket) {
                return *target == "socket:[" + std::to_string(socket.inode) + "]";
            });
            if (holds) {
                break;
            }
        }
        closedir(fds);
        if (holds) {
            owners.pids.push_back(*pid);
            owners.waiting_in_accept += is_waiting_in_accept(*pid) ? 1 : 0;
            owners.stopped += is_stopped(*pid) ? 1 : 0;
        }
    }
    closedir(proc);
    return owners;
}

} // namespace health
