#include "relay/relay_options.hpp"

#include <doctest/doctest.h>

using relay::parse_relay_options;
using relay::SessionSettings;

namespace {

SessionSettings parse_ok(const std::vector<std::string>& args) {
    auto parsed = parse_relay_options(args);
    REQUIRE(std::holds_alternative<SessionSettings>(parsed));
    return std::get<SessionSettings>(parsed);
}

std::string parse_error(const std::vector<std::string>& args) {
    auto parsed = parse_relay_options(args);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    return std::get<std::string>(parsed);
}

} // namespace

TEST_CASE("relay::parse_relay_options as sshd starts the login shell") {
    auto settings = parse_ok({"-c", "/usr/local/bin/distcc-relay --port 3700 --shell /bin/bash "
                                    "--compile-only --session-socket /run/sessions.sock"});
    CHECK(settings.daemon_port == 3700);
    CHECK(settings.user_shell == "/bin/bash");
    CHECK(settings.compile_only);
    CHECK(settings.report_socket == "/run/sessions.sock");
    CHECK_FALSE(settings.original_command); // that comes from SSH_ORIGINAL_COMMAND
}

TEST_CASE("relay::parse_relay_options called directly") {
    auto settings = parse_ok({"--port", "3632"});
    CHECK(settings.daemon_port == 3632);
    CHECK(settings.user_shell == "/bin/sh");
    CHECK_FALSE(settings.compile_only);
    CHECK_FALSE(settings.report_socket);
}

TEST_CASE("relay::parse_relay_options refuses with one line") {
    CHECK(parse_error({}) == "no --port: the loopback distccd's port is needed");
    CHECK(parse_error({"--port", "0"}).find("1 to 65535") != std::string::npos);
    CHECK(parse_error({"--port", "12x"}).find("1 to 65535") != std::string::npos);
    CHECK(parse_error({"--port"}).starts_with("unexpected argument --port"));
    CHECK(parse_error({"--port", "1", "ls"}).starts_with("unexpected argument ls"));
    CHECK(parse_error({"-c"}) == "-c takes exactly one command");
    CHECK(parse_error({"-c", "distcc-relay --port"}).starts_with("unexpected argument"));
}

TEST_CASE("relay::parse_relay_options stands in for a shell when the command is not its own") {
    auto shell = [](const std::vector<std::string>& args, bool login = false) {
        auto parsed = parse_relay_options(args, login);
        REQUIRE(std::holds_alternative<relay::ShellRequest>(parsed));
        return std::get<relay::ShellRequest>(parsed).command;
    };
    CHECK(shell({"-c", "distccd --inetd --enable-tcp-insecure"}) ==
          "distccd --inetd --enable-tcp-insecure");
    CHECK(shell({"-c", "relay 'open"}) == "relay 'open");
    CHECK(shell({"-c", "   "}) == "   ");
    CHECK(shell({}, true) == std::nullopt);
}
