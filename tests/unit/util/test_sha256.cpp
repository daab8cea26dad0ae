#include "util/sha256.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

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

TEST_CASE("util::sha256 NIST vectors") {
    CHECK(hex(util::sha256(bytes_of(""))) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(util::sha256(bytes_of("abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex(util::sha256(bytes_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex(util::sha256(std::vector<std::uint8_t>(1000000, 'a'))) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("util::Sha256 fed in pieces gives the one-shot digest") {
    std::string text(1000, '\0');
    for (std::size_t i = 0; i < text.size(); ++i) {
        text[i] = static_cast<char>(i * 7);
    }
    auto whole = util::sha256(bytes_of(text));
    for (std::size_t piece : {1, 3, 63, 64, 65, 200}) {
        util::Sha256 hash;
        for (std::size_t at = 0; at < text.size(); at += piece) {
            hash.update(std::string_view(text).substr(at, piece));
        }
        CHECK(hash.finish() == whole);
    }
    CHECK(util::to_hex(whole) == hex(whole));
}

TEST_CASE("util::hmac_sha256 RFC 4231 vectors") {
    CHECK(util::to_hex(util::hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(util::to_hex(util::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // A key longer than a block is hashed first.
    CHECK(
        util::to_hex(util::hmac_sha256(std::string(131, '\xaa'),
                                       "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(util::equal_in_constant_time("abc", "abc"));
    CHECK_FALSE(util::equal_in_constant_time("abc", "abd"));
    CHECK_FALSE(util::equal_in_constant_time("abc", "ab"));
}
