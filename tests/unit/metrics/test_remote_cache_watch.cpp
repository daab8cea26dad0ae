#include "metrics/remote_cache_watch.hpp"

#include <doctest/doctest.h>

using namespace metrics;
using State = StorageVerdict::State;

TEST_CASE("metrics::redis_probe_request") {
    auto storage = *entrypoint::parse_remote_storage("redis://redis:6379");
    CHECK(redis_probe_request(storage) == "PING\r\n");
    storage.password = "pw";
    CHECK(redis_probe_request(storage) == "AUTH pw\r\nPING\r\n");
    storage.user = "alice";
    CHECK(redis_probe_request(storage) == "AUTH alice pw\r\nPING\r\n");
}

TEST_CASE("metrics::judge_redis_reply") {
    CHECK(judge_redis_reply("+PONG\r\n", false).state == State::answering);
    CHECK(judge_redis_reply("+OK\r\n+PONG\r\n", true).state == State::answering);
    auto wrong = judge_redis_reply(
        "-WRONGPASS invalid username-password pair or user is disabled.\r\n-NOAUTH x\r\n", true);
    CHECK(wrong.state == State::password_refused);
    CHECK(wrong.detail == "-WRONGPASS invalid username-password pair or user is disabled.");
    auto no_auth = judge_redis_reply("-NOAUTH Authentication required.\r\n", false);
    CHECK(no_auth.state == State::refused_request);
    CHECK(no_auth.detail == "-NOAUTH Authentication required.");
    CHECK(judge_redis_reply("", false).state == State::refused_request);
}

TEST_CASE("metrics::describe_change") {
    StorageVerdict answering{State::answering, ""};
    StorageVerdict down{State::unreachable, "Connection refused"};
    auto url = "redis://redis:6379";
    SUBCASE("the first look is always said") {
        CHECK(describe_change(std::nullopt, answering, url, 0) ==
              "remote cache " + std::string(url) + ": answers");
        CHECK(
            describe_change(std::nullopt, down, url, 0)->find("unreachable (Connection refused)") !=
            std::string::npos);
    }
    SUBCASE("a change is said once, with the failures counted since the last look") {
        auto line = describe_change(answering, down, url, 3);
        REQUIRE(line);
        CHECK(line->find("3 ccache operation(s) failed") != std::string::npos);
        CHECK(line->find("local cache only") != std::string::npos);
        CHECK_FALSE(describe_change(down, down, url, 5));
        CHECK(describe_change(down, answering, url, 0)->ends_with("answers again"));
    }
    SUBCASE("a refused password names the setting") {
        auto line =
            describe_change(std::nullopt, {State::password_refused, "-WRONGPASS x"}, url, 0);
        REQUIRE(line);
        CHECK(line->find("DISTCC_CCACHE_REMOTE_PASSWORD_FILE") != std::string::npos);
    }
}
