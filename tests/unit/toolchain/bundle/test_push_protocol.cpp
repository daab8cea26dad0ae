#include "toolchain/bundle/push_protocol.hpp"

#include <doctest/doctest.h>

using namespace toolchain;

namespace {
const std::string k_id(64, 'a');
const std::string k_nonce(64, '1');
} // namespace

TEST_CASE("toolchain push protocol") {
    SUBCASE("greeting") {
        auto line = format_greeting({k_nonce, PushAuth::token});
        CHECK(line == "distcc-toolchains 1 " + k_nonce + " token\n");
        auto parsed = parse_greeting(line.substr(0, line.size() - 1));
        REQUIRE(parsed);
        CHECK(parsed->auth == PushAuth::token);
        CHECK_FALSE(parse_greeting("SSH-2.0-OpenSSH_9.2"));
        CHECK_FALSE(parse_greeting("distcc-toolchains 2 " + k_nonce + " token"));
    }
    SUBCASE("requests round trip") {
        Request push = PushRequest{k_id, 123, true};
        auto line = format_request(push, "-");
        CHECK(line == "push " + k_id + " 123 replace -\n");
        auto parsed = parse_request(line.substr(0, line.size() - 1));
        REQUIRE(std::holds_alternative<ParsedRequest>(parsed));
        CHECK(std::get<PushRequest>(std::get<ParsedRequest>(parsed).request).size == 123);
        auto remove = parse_request("remove gcc-14 -");
        REQUIRE(std::holds_alternative<ParsedRequest>(remove));
        CHECK(std::get<RemoveRequest>(std::get<ParsedRequest>(remove).request).what == "gcc-14");
        CHECK(std::holds_alternative<std::string>(parse_request("push xyz 1 keep -")));
        CHECK(std::holds_alternative<std::string>(parse_request("remove ../x -")));
        CHECK(std::holds_alternative<std::string>(parse_request("shell id")));
    }
    SUBCASE("the MAC binds token, nonce and request") {
        Request push = PushRequest{k_id, 123, false};
        auto mac = request_mac("a-token-of-sixteen", k_nonce, push);
        CHECK(mac.size() == 64);
        CHECK(mac_matches("a-token-of-sixteen", k_nonce, push, mac));
        CHECK_FALSE(mac_matches("another-token-16ch", k_nonce, push, mac));
        CHECK_FALSE(mac_matches("a-token-of-sixteen", std::string(64, '2'), push, mac));
        CHECK_FALSE(mac_matches("a-token-of-sixteen", k_nonce, PushRequest{k_id, 123, true}, mac));
        CHECK_FALSE(mac_matches("a-token-of-sixteen", k_nonce, push, "-"));
    }
    SUBCASE("tokens") {
        CHECK(check_token("short") == "the token is shorter than 16 characters");
        CHECK(check_token("sixteen chars ok") == "the token holds a blank or a control character");
        CHECK_FALSE(check_token("0123456789abcdef"));
    }
    SUBCASE("replies") {
        CHECK(format_reply({ReplyKind::error, "bad\nthing"}) == "error bad\\nthing\n");
        CHECK(parse_reply("ok installed")->kind == ReplyKind::ok);
        CHECK(parse_reply("send")->kind == ReplyKind::send);
        CHECK_FALSE(parse_reply("hello"));
    }
}
