#include "toolchain/bundle/push_protocol.hpp"

#include "toolchain/bundle/manifest.hpp"
#include "util/number.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace toolchain {
namespace {

std::string_view auth_word(PushAuth auth) {
    switch (auth) {
    case PushAuth::token:
        return "token";
    case PushAuth::peer:
        return "peer";
    case PushAuth::none:
        return "none";
    }
    return "none";
}

bool is_mac(std::string_view text) {
    return text == "-" || is_sha256_hex(text);
}

// A bundle id or a served name: a plain word.
bool is_plain_word(std::string_view text) {
    return !text.empty() && text.size() <= 128 && std::ranges::all_of(text, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '+' ||
               c == '-';
    });
}

} // namespace

std::string format_greeting(const Greeting& greeting) {
    return fmt::format("{} 1 {} {}\n", k_protocol_name, greeting.nonce, auth_word(greeting.auth));
}

std::optional<Greeting> parse_greeting(std::string_view line) {
    auto words = util::split(line, ' ');
    if (words.size() != 4 || words[0] != k_protocol_name || words[1] != "1" ||
        !is_sha256_hex(words[2])) {
        return std::nullopt;
    }
    for (auto auth : {PushAuth::token, PushAuth::peer, PushAuth::none}) {
        if (words[3] == auth_word(auth)) {
            return Greeting{std::string(words[2]), auth};
        }
    }
    return std::nullopt;
}

std::string format_request_body(const Request& request) {
    if (const auto* push = std::get_if<PushRequest>(&request)) {
        return fmt::format("push {} {} {}", push->id, push->size,
                           push->replace ? "replace" : "keep");
    }
    return fmt::format("remove {}", std::get<RemoveRequest>(request).what);
}

std::string format_request(const Request& request, std::string_view mac) {
    return fmt::format("{} {}\n", format_request_body(request), mac);
}

std::variant<ParsedRequest, std::string> parse_request(std::string_view line) {
    auto words = util::split(line, ' ');
    if (!words.empty() && words[0] == "push") {
        if (words.size() != 5) {
            return std::string("expected: push ID SIZE replace|keep MAC");
        }
        // One spelling per size (no leading zero): the request is signed as it is written.
        bool canonical_size = words[2].size() == 1 || !words[2].starts_with('0');
        auto size = util::parse_integer<std::uint64_t>(words[2]);
        if (!is_sha256_hex(words[1]) || !canonical_size || !size ||
            (words[3] != "replace" && words[3] != "keep") || !is_mac(words[4])) {
            return std::string("a malformed push request");
        }
        return ParsedRequest{PushRequest{std::string(words[1]), *size, words[3] == "replace"},
                             std::string(words[4])};
    }
    if (!words.empty() && words[0] == "remove") {
        if (words.size() != 3 || !is_plain_word(words[1]) || !is_mac(words[2])) {
            return std::string("expected: remove NAME-OR-ID MAC");
        }
        return ParsedRequest{RemoveRequest{std::string(words[1])}, std::string(words[2])};
    }
    return std::string("an unknown request (expected push or remove)");
}

std::string request_mac(std::string_view token, std::string_view nonce, const Request& request) {
    return util::to_hex(
        util::hmac_sha256(token, fmt::format("{} {}", nonce, format_request_body(request))));
}

bool mac_matches(std::string_view token, std::string_view nonce, const Request& request,
                 std::string_view mac) {
    return util::equal_in_constant_time(request_mac(token, nonce, request), mac);
}

std::optional<std::string> check_token(std::string_view token) {
    if (token.size() < k_min_token_length) {
        return fmt::format("the token is shorter than {} characters", k_min_token_length);
    }
    if (util::has_control_character(token) || token.find(' ') != std::string_view::npos) {
        return std::string("the token holds a blank or a control character");
    }
    return std::nullopt;
}

std::string format_reply(const Reply& reply) {
    switch (reply.kind) {
    case ReplyKind::send:
        return "send\n";
    case ReplyKind::present:
        return "present\n";
    case ReplyKind::ok:
        return fmt::format("ok {}\n", util::escape_control_characters(reply.text));
    case ReplyKind::error:
        return fmt::format("error {}\n", util::escape_control_characters(reply.text));
    }
    return "error ?\n";
}

std::optional<Reply> parse_reply(std::string_view line) {
    if (line == "send") {
        return Reply{ReplyKind::send, ""};
    }
    if (line == "present") {
        return Reply{ReplyKind::present, ""};
    }
    if (line.starts_with("ok ")) {
        return Reply{ReplyKind::ok, std::string(line.substr(3))};
    }
    if (line.starts_with("error ")) {
        return Reply{ReplyKind::error, std::string(line.substr(6))};
    }
    return std::nullopt;
}

} // namespace toolchain
