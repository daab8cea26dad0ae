#include "metrics/session_reports.hpp"

#include <doctest/doctest.h>

using metrics::is_session_relay;
using metrics::ProcessFacts;

namespace {

ProcessFacts process(pid_t pid, pid_t parent, const char* name, std::optional<uid_t> uid) {
    return {{pid, parent, 'S', name, 1000}, uid};
}

} // namespace

TEST_CASE("metrics::is_session_relay") {
    auto relay = process(300, 200, "distcc-relay", 1001);
    auto session = process(200, 100, "sshd", 1001);
    auto monitor = process(100, 1, "sshd", 0);
    CHECK(is_session_relay(relay, session, monitor, 1001));
    SUBCASE("OpenSSH 9.8's sshd-session counts as sshd") {
        CHECK(is_session_relay(relay, process(200, 100, "sshd-session", 1001),
                               process(100, 1, "sshd-session", 0), 1001));
    }
    SUBCASE("a process of the user's own making: its parent is a shell, not sshd") {
        CHECK_FALSE(is_session_relay(process(301, 250, "python3", 1001),
                                     process(250, 200, "bash", 1001), session, 1001));
        // ... even named after sshd: its parent is no root sshd.
        CHECK_FALSE(is_session_relay(process(301, 250, "python3", 1001),
                                     process(250, 200, "sshd", 1001), session, 1001));
    }
    SUBCASE("another user, or a chain that is not parent to child") {
        CHECK_FALSE(is_session_relay(relay, session, monitor, 1002));
        CHECK_FALSE(is_session_relay(process(300, 200, "x", 0), session, monitor, 1001));
        CHECK_FALSE(is_session_relay(relay, process(201, 100, "sshd", 1001), monitor, 1001));
        CHECK_FALSE(is_session_relay(relay, session, process(101, 1, "sshd", 0), 1001));
        CHECK_FALSE(is_session_relay(relay, session, process(100, 1, "sshd", 1001), 1001));
        CHECK_FALSE(
            is_session_relay(relay, process(200, 100, "sshd", std::nullopt), monitor, 1001));
    }
}

TEST_CASE("relay::outcome_byte and parse_outcome_byte") {
    for (auto outcome : {relay::SessionOutcome::compile, relay::SessionOutcome::command,
                         relay::SessionOutcome::refused}) {
        CHECK(relay::parse_outcome_byte(relay::outcome_byte(outcome)) == outcome);
    }
    CHECK_FALSE(relay::parse_outcome_byte('z'));
    CHECK_FALSE(relay::parse_outcome_byte('\0'));
}
