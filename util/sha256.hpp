#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace util {

// SHA-256 (FIPS 180-4) of `bytes`: for OpenSSH key fingerprints without a crypto library.
std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> bytes);

} // namespace util
