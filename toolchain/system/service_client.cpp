#include "toolchain/system/service_client.hpp"

#include "relay/byte_pump.hpp"
#include "toolchain/bundle/push_protocol.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/refusal.hpp"
#include "util/text.hpp"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace toolchain {
namespace {

int connect_service(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        throw util::Refusal(util::k_exit_usage, "the socket path is too long: " + path);
    }
    std::strcpy(address.sun_path, path.c_str());
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        auto problem =
            util::describe_errno("the toolchain service does not answer on " + path +
                                 " (is this a worker with DISTCC_CMDLIST managed by distcc-init?)");
        if (fd >= 0) {
            close(fd);
        }
        throw util::Refusal(util::k_exit_daemon_unreachable, problem);
    }
    return fd;
}

std::optional<std::string> read_line(int fd) {
    std::string line;
    char c = 0;
    while (line.size() < k_max_line) {
        auto count = read(fd, &c, 1);
        if (count <= 0) {
            return std::nullopt;
        }
        if (c == '\n') {
            return line;
        }
        line += c;
    }
    return std::nullopt;
}

} // namespace

int bridge_to_service(const std::string& socket) {
    signal(SIGPIPE, SIG_IGN);
    util::UniqueFd fd(connect_service(socket));
    auto result = relay::pump(STDIN_FILENO, STDOUT_FILENO, fd.get());
    return result.error_number == 0 ? 0 : util::k_exit_failure;
}

int remove_through_service(const std::string& socket, const std::string& what) {
    signal(SIGPIPE, SIG_IGN);
    util::UniqueFd fd(connect_service(socket));
    auto greeting = read_line(fd.get());
    if (!greeting || !parse_greeting(*greeting)) {
        throw util::Refusal(util::k_exit_failure, "the toolchain service did not greet");
    }
    auto request = format_request(RemoveRequest{what}, "-");
    if (write(fd.get(), request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
        throw util::Refusal(util::k_exit_failure, "the toolchain service hung up");
    }
    auto line = read_line(fd.get());
    auto reply = line ? parse_reply(*line) : std::nullopt;
    if (!reply || reply->kind != ReplyKind::ok) {
        throw util::Refusal(util::k_exit_failure,
                            reply ? reply->text : "the toolchain service gave no answer");
    }
    std::printf("%s\n", reply->text.c_str());
    return 0;
}

} // namespace toolchain
