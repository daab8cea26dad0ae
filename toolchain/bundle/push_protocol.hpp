#pragma once

// The conversation that moves a bundle to a worker (pure), the same over SSH (through the
// relay, to the worker's toolchain service) and over the tcp image's token endpoint:
//
//   worker: distcc-toolchains 1 NONCE AUTH      AUTH: token, peer (SSH: already known) or none
//   client: push ID SIZE replace|keep MAC        or: remove NAME-OR-ID MAC
//   worker: send | present | error TEXT          send: SIZE bytes of the bundle follow
//   worker: ok TEXT | error TEXT                 one line each, the final answer
//
// With AUTH token, MAC is HMAC-SHA256(token, NONCE " " REQUEST) in hexadecimal, REQUEST being
// the request line without its MAC: the token never crosses the wire, a fresh nonce per
// connection makes a recorded request useless, and the bundle is bound to the request by its
// id (the hash of its manifest, which holds every file's hash). Otherwise MAC is "-".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace toolchain {

inline constexpr std::string_view k_protocol_name = "distcc-toolchains";
// The shortest token accepted: a guessable token would let anyone install a compiler.
inline constexpr std::size_t k_min_token_length = 16;
// The longest line either side sends.
inline constexpr std::size_t k_max_line = 4096;

enum class PushAuth { token, peer, none };

struct Greeting {
    std::string nonce; // 64 hexadecimal digits
    PushAuth auth = PushAuth::none;
};

std::string format_greeting(const Greeting& greeting);
std::optional<Greeting> parse_greeting(std::string_view line);

struct PushRequest {
    std::string id;         // the bundle's id
    std::uint64_t size = 0; // bytes of the compressed bundle that follow
    bool replace = false;   // take names another bundle holds
};
struct RemoveRequest {
    std::string what; // a served name, or a bundle id (or its first 12 digits or more)
};
using Request = std::variant<PushRequest, RemoveRequest>;

// The request line without its MAC (what the MAC covers).
std::string format_request_body(const Request& request);

// The whole request line, MAC included.
std::string format_request(const Request& request, std::string_view mac);

struct ParsedRequest {
    Request request;
    std::string mac;
};
// The request in `line`, or one line saying what is wrong.
std::variant<ParsedRequest, std::string> parse_request(std::string_view line);

// HMAC-SHA256(token, nonce " " body), hexadecimal.
std::string request_mac(std::string_view token, std::string_view nonce, const Request& request);

// True when `mac` is the request's MAC under `token` (compared in constant time).
bool mac_matches(std::string_view token, std::string_view nonce, const Request& request,
                 std::string_view mac);

// Why a token cannot be used, or nothing.
std::optional<std::string> check_token(std::string_view token);

// A worker's answer line.
enum class ReplyKind { send, present, ok, error };
struct Reply {
    ReplyKind kind = ReplyKind::error;
    std::string text;
};
std::string format_reply(const Reply& reply);
std::optional<Reply> parse_reply(std::string_view line);

} // namespace toolchain
