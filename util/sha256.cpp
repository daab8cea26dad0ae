#include "util/sha256.hpp"

#include <algorithm>
#include <bit>

namespace util {
namespace {

constexpr std::array<std::uint32_t, 64> k_round_constants{
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

void compress(std::array<std::uint32_t, 8>& state, const std::uint8_t* block) {
    std::array<std::uint32_t, 64> w{};
    for (std::size_t i = 0; i < 16; ++i) {
        w[i] = std::uint32_t{block[4 * i]} << 24 | std::uint32_t{block[4 * i + 1]} << 16 |
               std::uint32_t{block[4 * i + 2]} << 8 | std::uint32_t{block[4 * i + 3]};
    }
    for (std::size_t i = 16; i < 64; ++i) {
        auto s0 = std::rotr(w[i - 15], 7) ^ std::rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        auto s1 = std::rotr(w[i - 2], 17) ^ std::rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = state;
    for (std::size_t i = 0; i < 64; ++i) {
        auto s1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
        auto choose = (e & f) ^ (~e & g);
        auto t1 = h + s1 + choose + k_round_constants[i] + w[i];
        auto s0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
        auto majority = (a & b) ^ (a & c) ^ (b & c);
        auto t2 = s0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    std::array<std::uint32_t, 8> add{a, b, c, d, e, f, g, h};
    for (std::size_t i = 0; i < 8; ++i) {
        state[i] += add[i];
    }
}

} // namespace

constexpr std::array<std::uint32_t, 8> k_initial_state{
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

Sha256::Sha256() : m_state(k_initial_state) {}

void Sha256::update(std::span<const std::uint8_t> bytes) {
    m_length += bytes.size();
    std::size_t used = 0;
    if (m_filled > 0) {
        used = std::min(bytes.size(), m_block.size() - m_filled);
        std::copy_n(bytes.data(), used, m_block.data() + m_filled);
        m_filled += used;
        if (m_filled < m_block.size()) {
            return;
        }
        compress(m_state, m_block.data());
        m_filled = 0;
    }
    for (; bytes.size() - used >= 64; used += 64) {
        compress(m_state, bytes.data() + used);
    }
    std::copy(bytes.begin() + static_cast<long>(used), bytes.end(), m_block.begin());
    m_filled = bytes.size() - used;
}

void Sha256::update(std::string_view bytes) {
    update(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

Sha256Digest Sha256::finish() {
    // The tail, a 1 bit, zeros, and the length in bits: one or two final blocks.
    std::uint64_t bit_length = m_length * 8;
    std::array<std::uint8_t, 72> tail{};
    tail[0] = 0x80;
    std::size_t padding = (m_filled < 56 ? 56 : 120) - m_filled;
    for (int i = 0; i < 8; ++i) {
        tail[padding + static_cast<std::size_t>(i)] =
            static_cast<std::uint8_t>(bit_length >> (56 - 8 * i));
    }
    auto length = m_length;
    update(std::span<const std::uint8_t>(tail.data(), padding + 8));
    m_length = length;
    Sha256Digest digest{};
    for (std::size_t i = 0; i < 8; ++i) {
        for (std::size_t j = 0; j < 4; ++j) {
            digest[4 * i + j] = static_cast<std::uint8_t>(m_state[i] >> (24 - 8 * j));
        }
    }
    return digest;
}

Sha256Digest sha256(std::span<const std::uint8_t> bytes) {
    Sha256 hash;
    hash.update(bytes);
    return hash.finish();
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view message) {
    std::array<std::uint8_t, 64> block{};
    if (key.size() > block.size()) {
        auto digest =
            sha256(std::span(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()));
        std::copy(digest.begin(), digest.end(), block.begin());
    } else {
        std::copy(key.begin(), key.end(), block.begin());
    }
    auto padded = [&](std::uint8_t pad) {
        auto copy = block;
        for (auto& byte : copy) {
            byte ^= pad;
        }
        return copy;
    };
    Sha256 inner;
    inner.update(padded(0x36));
    inner.update(message);
    auto inner_digest = inner.finish();
    Sha256 outer;
    outer.update(padded(0x5c));
    outer.update(inner_digest);
    return outer.finish();
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr std::string_view k_digits = "0123456789abcdef";
    std::string text;
    text.reserve(bytes.size() * 2);
    for (auto byte : bytes) {
        text += k_digits[byte >> 4];
        text += k_digits[byte & 15];
    }
    return text;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
    }
    return difference == 0;
}

} // namespace util
