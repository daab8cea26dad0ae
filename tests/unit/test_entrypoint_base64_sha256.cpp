#include "entrypoint/base64.hpp"
#include "entrypoint/sha256.hpp"

#include <doctest/doctest.h>
#include <string>

using entrypoint::decode_base64;
using entrypoint::encode_base64;

namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}

std::string hex(std::span<const std::uint8_t> bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string text;
    for (auto byte : bytes) {
        text += k_digits[byte >> 4];
        text += k_digits[byte & 15];
    }
    return text;
}

} // namespace

TEST_CASE("entrypoint::decode_base64 and encode_base64") {
    CHECK(encode_base64(bytes_of("")) == "");
    CHECK(encode_base64(bytes_of("f")) == "Zg==");
    CHECK(encode_base64(bytes_of("fo")) == "Zm8=");
    CHECK(encode_base64(bytes_of("foo")) == "Zm9v");
    CHECK(encode_base64(bytes_of("foob"), false) == "Zm9vYg");
    CHECK(decode_base64("Zm9vYmFy") == bytes_of("foobar"));
    CHECK(decode_base64("Zm9vYg==") == bytes_of("foob"));
    CHECK(decode_base64("Zm8=") == bytes_of("fo"));
    CHECK_FALSE(decode_base64(""));
    CHECK_FALSE(decode_base64("Zm9"));
    CHECK_FALSE(decode_base64("Zm9v!mFy"));
    CHECK_FALSE(decode_base64("Zg=a"));
    CHECK_FALSE(decode_base64("Z==="));
    CHECK_FALSE(decode_base64("Zm==Zm9v"));
}

TEST_CASE("entrypoint::sha256 NIST vectors") {
    CHECK(hex(entrypoint::sha256(bytes_of(""))) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(entrypoint::sha256(bytes_of("abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex(entrypoint::sha256(
              bytes_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex(entrypoint::sha256(std::vector<std::uint8_t>(1000000, 'a'))) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
