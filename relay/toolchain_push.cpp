#include "relay/toolchain_push.hpp"

#include "relay/byte_pump.hpp"
#include "relay/forced_command.hpp"
#include "util/exit_codes.hpp"
#include "util/text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace relay {

bool is_toolchain_push(const std::optional<std::string>& original_command) {
    if (!original_command) {
        return false;
    }
    auto words = split_command_words(*original_command);
    return words && words->size() == 3 && util::file_name((*words)[0]) == "distcc-init" &&
           (*words)[1] == "toolchains" && (*words)[2] == "receive";
}

int relay_toolchain_push(const std::string& socket_path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || socket_path.size() >= sizeof address.sun_path) {
        std::fprintf(stderr, "distcc-relay: cannot reach the toolchain service\n");
        return util::k_exit_daemon_unreachable;
    }
    std::strcpy(address.sun_path, socket_path.c_str());
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        std::fprintf(stderr,
                     "distcc-relay: cannot reach the worker's toolchain service on %s: %s\n",
                     socket_path.c_str(), std::strerror(errno));
        close(fd);
        return util::k_exit_daemon_unreachable;
    }
    auto result = pump(STDIN_FILENO, STDOUT_FILENO, fd);
    close(fd);
    return result.error_number == 0 ? 0 : util::k_exit_failure;
}

} // namespace relay
