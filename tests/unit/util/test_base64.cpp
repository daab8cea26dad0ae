#include "util/base64.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using util::decode_base64;
using util::encode_base64;

namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}

} // namespace

TEST_CASE("util::decode_base64 and encode_base64") {
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
