#include "entrypoint/plan/remote_storage.hpp"

#include <doctest/doctest.h>

using namespace entrypoint;

TEST_CASE("entrypoint::parse_remote_storage") {
    SUBCASE("redis, the default port") {
        auto storage = parse_remote_storage("redis://redis");
        REQUIRE(storage);
        CHECK(storage->scheme == "redis");
        CHECK(storage->host == "redis");
        CHECK(storage->port == 6379);
        CHECK_FALSE(storage->password);
        CHECK_FALSE(storage->user);
    }
    SUBCASE("a lone userinfo word is a Redis password, as ccache reads it") {
        auto storage = parse_remote_storage("redis://s3cret@10.0.0.5:6390|connect-timeout=50");
        REQUIRE(storage);
        CHECK(storage->password == "s3cret");
        CHECK_FALSE(storage->user);
        CHECK(storage->port == 6390);
        CHECK(storage->rest == "|connect-timeout=50");
    }
    SUBCASE("user and password") {
        auto storage = parse_remote_storage("redis://alice:pw@[::1]:7000/2");
        REQUIRE(storage);
        CHECK(storage->user == "alice");
        CHECK(storage->password == "pw");
        CHECK(storage->host == "::1");
        CHECK(storage->port == 7000);
        CHECK(storage->rest == "/2");
    }
    SUBCASE("http: a lone userinfo word is the user") {
        auto storage = parse_remote_storage("http://ccache@cache.example/farm|layout=flat");
        REQUIRE(storage);
        CHECK(storage->user == "ccache");
        CHECK_FALSE(storage->password);
        CHECK(storage->port == 80);
        CHECK(storage->rest == "/farm|layout=flat");
    }
    SUBCASE("refused") {
        CHECK_FALSE(parse_remote_storage("redis:6379"));
        CHECK_FALSE(parse_remote_storage("file:///var/cache/shared"));
        CHECK_FALSE(parse_remote_storage("https://cache.example/"));
        CHECK_FALSE(parse_remote_storage("redis://a:6379 redis://b:6379"));
        CHECK_FALSE(parse_remote_storage("redis://host:99999"));
        CHECK_FALSE(parse_remote_storage("redis://:6379"));
        CHECK_FALSE(parse_remote_storage("redis://[::1"));
    }
}

TEST_CASE("entrypoint::remote_storage_url and redacted_remote_storage_url") {
    auto storage = *parse_remote_storage("redis://redis:6379");
    storage.password = "s3cret";
    CHECK(remote_storage_url(storage) == "redis://s3cret@redis:6379");
    CHECK(redacted_remote_storage_url(storage) == "redis://redis:6379");
    storage.user = "alice";
    CHECK(remote_storage_url(storage) == "redis://alice:s3cret@redis:6379");
    CHECK(redacted_remote_storage_url(storage) == "redis://alice@redis:6379");
    auto web = *parse_remote_storage("http://ccache@[fd00::1]:8080/farm");
    web.password = "pw";
    CHECK(remote_storage_url(web) == "http://ccache:pw@[fd00::1]:8080/farm");
    CHECK(redacted_remote_storage_url(web) == "http://ccache@[fd00::1]:8080/farm");
}

TEST_CASE("entrypoint::is_url_safe_password") {
    CHECK(is_url_safe_password("Secret-1_x.y~z"));
    CHECK(is_url_safe_password("a!$&'()*+,;=b"));
    CHECK_FALSE(is_url_safe_password(""));
    CHECK_FALSE(is_url_safe_password("p@ss"));
    CHECK_FALSE(is_url_safe_password("a:b"));
    CHECK_FALSE(is_url_safe_password("a/b"));
    CHECK_FALSE(is_url_safe_password("100%"));
    CHECK_FALSE(is_url_safe_password("two words"));
}
