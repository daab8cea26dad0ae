#include "relay/relay_options.hpp"
#include "relay/toolchain_push.hpp"

#include <doctest/doctest.h>

using namespace relay;

TEST_CASE("relay::is_toolchain_push: exactly the one command") {
    CHECK(is_toolchain_push("distcc-init toolchains receive"));
    CHECK(is_toolchain_push("/usr/local/bin/distcc-init toolchains receive"));
    CHECK(is_toolchain_push("'distcc-init' toolchains  receive"));
    CHECK_FALSE(is_toolchain_push(std::nullopt));
    CHECK_FALSE(is_toolchain_push("distcc-init toolchains receive; id"));
    CHECK_FALSE(is_toolchain_push("distcc-init toolchains receive --socket /tmp/x"));
    CHECK_FALSE(is_toolchain_push("distcc-init toolchains push"));
    CHECK_FALSE(is_toolchain_push("sh -c 'distcc-init toolchains receive'"));
    CHECK_FALSE(is_toolchain_push("distcc-init-evil toolchains receive"));
    CHECK_FALSE(is_toolchain_push("distcc-init toolchains \"receive"));
}

TEST_CASE("relay::parse_relay_options --toolchain-socket") {
    auto parsed = parse_relay_options(
        {"-c", "/usr/local/bin/distcc-relay --port 3632 --shell /bin/bash --compile-only "
               "--toolchain-socket /run/distcc-init/toolchains.sock"});
    REQUIRE(std::holds_alternative<SessionSettings>(parsed));
    CHECK(std::get<SessionSettings>(parsed).toolchain_socket == "/run/distcc-init/toolchains.sock");
    CHECK(std::get<SessionSettings>(parsed).compile_only);
}
