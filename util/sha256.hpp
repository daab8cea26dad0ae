#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace util {

using Sha256Digest = std::array<std::uint8_t, 32>;

// SHA-256 (FIPS 180-4) of `bytes`: for OpenSSH key fingerprints without a crypto library.
Sha256Digest sha256(std::span<const std::uint8_t> bytes);

// SHA-256 fed in pieces: for files and streams too large to hold at once (toolchain bundles).
class Sha256 {
  public:
    Sha256();
    void update(std::span<const std::uint8_t> bytes);
    void update(std::string_view bytes);
    // The digest of everything fed; the object is spent afterwards.
    Sha256Digest finish();

  private:
    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_block{};
    std::size_t m_filled = 0;
    std::uint64_t m_length = 0;
};

// HMAC-SHA256 (RFC 2104) of `message` under `key`: a shared token proves itself without
// crossing the wire.
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);

// Lower-case hexadecimal of `bytes`.
std::string to_hex(std::span<const std::uint8_t> bytes);

// Compares two texts in time that depends on their lengths only (MACs, tokens).
bool equal_in_constant_time(std::string_view a, std::string_view b);

} // namespace util
