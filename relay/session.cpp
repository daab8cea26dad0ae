#include "relay/session.hpp"

#include "relay/byte_pump.hpp"
#include "relay/forced_command.hpp"
#include "relay/session_report.hpp"
#include "relay/toolchain_push.hpp"
#include "util/exit_codes.hpp"
#include "util/text.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace relay {
namespace {

int connect_to_daemon(std::uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return fd;
}

int relay_to_daemon(std::uint16_t port) {
    int socket_fd = connect_to_daemon(port);
    if (socket_fd < 0) {
        std::fprintf(stderr,
                     "distcc-relay: cannot reach the worker's distccd on 127.0.0.1:%u: %s\n",
                     unsigned{port}, std::strerror(errno));
        return util::k_exit_daemon_unreachable;
    }
    auto result = pump(STDIN_FILENO, STDOUT_FILENO, socket_fd);
    close(socket_fd);
    if (result.error_number != 0) {
        std::fprintf(stderr, "distcc-relay: connection to distccd failed: %s\n",
                     std::strerror(result.error_number));
        return util::k_exit_failure;
    }
    return 0;
}

} // namespace

int run_session(const SessionSettings& settings) {
    // A client that goes away must end the relay through EPIPE, not kill it silently.
    signal(SIGPIPE, SIG_IGN);
    auto report = [&](SessionOutcome outcome) -> std::optional<SessionReport> {
        if (!settings.report_socket) {
            return std::nullopt;
        }
        return std::optional<SessionReport>(std::in_place, *settings.report_socket, outcome);
    };
    if (settings.toolchain_socket && is_toolchain_push(settings.original_command)) {
        return relay_toolchain_push(*settings.toolchain_socket);
    }
    switch (classify_session(settings.original_command)) {
    case SessionKind::distccd: {
        // The connection stays open while the session is relayed: the companion counts it as
        // active until then. A compile shorter than the companion's wake-up on a loaded machine
        // waits for it before the relay is gone (the companion has answered long before, as a
        // rule).
        auto reported = report(SessionOutcome::compile);
        int status = relay_to_daemon(settings.daemon_port);
        if (reported) {
            reported->await_acknowledgement();
        }
        return status;
    }
    case SessionKind::interactive:
    case SessionKind::other_command:
        break;
    }
    if (settings.compile_only) {
        if (auto reported = report(SessionOutcome::refused)) {
            reported->await_acknowledgement();
        }
        std::fprintf(stderr,
                     "distcc-relay: this worker only accepts distcc compiles "
                     "(DISTCC_SSH_COMPILE_ONLY=1); other commands and logins are refused\n");
        return util::k_exit_cannot_execute;
    }
    if (auto reported = report(SessionOutcome::command)) {
        reported->await_acknowledgement();
    }
    signal(SIGPIPE, SIG_DFL);
    exec_shell(settings.user_shell, settings.original_command);
}

void exec_shell(const std::string& shell, const std::optional<std::string>& command) {
    std::string name(util::file_name(shell));
    if (command) {
        execl(shell.c_str(), name.c_str(), "-c", command->c_str(), nullptr);
    } else {
        // A login shell, as sshd would start it: argv[0] begins with '-'.
        std::string login_name(1, '-');
        login_name += name;
        execl(shell.c_str(), login_name.c_str(), nullptr);
    }
    std::fprintf(stderr, "distcc-relay: cannot run %s: %s\n", shell.c_str(), std::strerror(errno));
    _exit(util::k_exit_not_found);
}

std::string system_shell() {
    return access("/bin/bash", X_OK) == 0 ? "/bin/bash" : "/bin/sh";
}

} // namespace relay
