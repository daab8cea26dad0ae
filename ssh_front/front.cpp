#include "ssh_front/front.hpp"

#include "supervisor/child_setup.hpp"
#include "util/exit_codes.hpp"
#include "util/socket_address.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <ctime>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ssh_front {
namespace {

std::atomic<int> g_open_connections{0};

// Reaps the sshd -i processes as they end; each one frees a connection slot.
void on_child_exit(int /*signal_number*/) {
    int saved = errno;
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
        g_open_connections.fetch_sub(1);
    }
    errno = saved;
}

int listen_for_ssh(const FrontOptions& options, std::string& where, std::string& problem) {
    if (!options.address.empty()) {
        where = util::format_endpoint(options.address, options.port);
        return util::listen_tcp(options.address, options.port, problem);
    }
    // "::" also takes IPv4 connections (IPV6_V6ONLY is off by default on Linux); a container
    // without IPv6 cannot make that socket, and gets IPv4 alone.
    where = util::format_endpoint("::", options.port);
    int fd = util::listen_tcp("::", options.port, problem);
    if (fd < 0) {
        where = util::format_endpoint("0.0.0.0", options.port);
        fd = util::listen_tcp("0.0.0.0", options.port, problem);
    }
    return fd;
}

[[noreturn]] void run_sshd(int connection, const FrontOptions& options,
                           const supervisor::InheritedSignals& inherited) {
    // sshd -i talks to its client on stdin and stdout; stderr stays the worker's log.
    dup2(connection, STDIN_FILENO);
    dup2(connection, STDOUT_FILENO);
    supervisor::prepare_child_for_exec(inherited);
    std::vector<char*> argv;
    for (const auto& word : options.sshd_command) {
        argv.push_back(const_cast<char*>(word.c_str()));
    }
    argv.push_back(nullptr);
    execv(argv.front(), argv.data());
    _exit(util::k_exit_not_found);
}

// Too many at once: closed at once, and said at most every 10 s so a flood cannot fill the log.
void refuse_connection(int connection, int limit) {
    static std::time_t last_said = 0;
    close(connection);
    auto now = std::time(nullptr);
    if (now - last_said >= 10) {
        last_said = now;
        spdlog::warn("ssh-front: {} SSH connections are open, the most allowed at once; new ones "
                     "are closed until some end",
                     limit);
    }
}

} // namespace

int serve_connections(const FrontOptions& options) {
    auto inherited = supervisor::capture_current_signals();
    std::string where;
    std::string problem;
    int listener = listen_for_ssh(options, where, problem);
    if (listener < 0) {
        spdlog::error("ssh-front: cannot listen on {}: {}", where, problem);
        return util::k_exit_configuration;
    }
    struct sigaction action {};
    action.sa_handler = on_child_exit;
    action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&action.sa_mask);
    sigaction(SIGCHLD, &action, nullptr);
    spdlog::info("ssh-front: listening on {}; each connection gets TCP_NODELAY and its own "
                 "sshd -i (at most {} at once)",
                 where, options.max_connections);
    while (true) {
        int connection = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0) {
            // ECONNABORTED, EMFILE, ENOBUFS: go on, without spinning while it lasts.
            timespec pause{0, errno == EINTR || errno == ECONNABORTED ? 0 : 100'000'000};
            nanosleep(&pause, nullptr);
            continue;
        }
        int on = 1;
        setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        if (g_open_connections.load() >= options.max_connections) {
            refuse_connection(connection, options.max_connections);
            continue;
        }
        // Counted before the fork: the child may end, and be reaped, before fork() returns.
        g_open_connections.fetch_add(1);
        pid_t pid = fork();
        if (pid == 0) {
            close(listener);
            run_sshd(connection, options, inherited);
        }
        if (pid < 0) {
            g_open_connections.fetch_sub(1);
            spdlog::warn("ssh-front: cannot start sshd for a connection: {}", std::strerror(errno));
        }
        close(connection);
    }
}

} // namespace ssh_front
