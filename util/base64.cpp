#include "util/base64.hpp"

#include <array>

namespace util {
namespace {

constexpr std::string_view k_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int, 256> make_decoding_table() {
    std::array<int, 256> table{};
    table.fill(-1);
    for (std::size_t i = 0; i < k_alphabet.size(); ++i) {
        table[static_cast<unsigned char>(k_alphabet[i])] = static_cast<int>(i);
    }
    return table;
}

constexpr auto k_decoding = make_decoding_table();

} // namespace

std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    std::vector<std::uint8_t> bytes;
    bytes.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        bool last_group = i + 4 == text.size();
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            char c = text[i + j];
            bool is_padding = last_group && j >= 4 - padding;
            int value = is_padding ? 0 : k_decoding[static_cast<unsigned char>(c)];
            if (value < 0 || (is_padding && c != '=')) {
                return std::nullopt;
            }
            group = (group << 6) | static_cast<std::uint32_t>(value);
        }
        std::size_t count = last_group ? 3 - padding : 3;
        for (std::size_t j = 0; j < count; ++j) {
            bytes.push_back(static_cast<std::uint8_t>(group >> (16 - 8 * j)));
        }
    }
    return bytes;
}

std::string encode_base64(std::span<const std::uint8_t> bytes, bool pad) {
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::size_t count = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 3; ++j) {
            group = (group << 8) | (j < count ? bytes[i + j] : 0U);
        }
        for (std::size_t j = 0; j < 4; ++j) {
            if (j <= count) {
                text += k_alphabet[(group >> (18 - 6 * j)) & 0x3f];
            } else if (pad) {
                text += '=';
            }
        }
    }
    return text;
}

} // namespace util
