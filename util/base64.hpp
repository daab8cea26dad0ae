#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// Decodes standard base64 with '=' padding; nothing for any other input.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

// Encodes standard base64, with '=' padding unless `pad` is false (ssh-keygen fingerprints).
std::string encode_base64(std::span<const std::uint8_t> bytes, bool pad = true);

} // namespace util
