#include "util/json_text.hpp"

#include <fmt/format.h>

namespace util {
namespace {

// The length of the UTF-8 sequence (RFC 3629: no overlong form, no surrogate, at most
// U+10FFFF) that starts at `at`, or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
    unsigned char lead = byte(0);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (lead < 0xc2 || lead > 0xf4 || at + length > text.size()) {
        return 0;
    }
    unsigned char low = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
    unsigned char high = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
    if (byte(1) < low || byte(1) > high) {
        return 0;
    }
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xbf) {
            return 0;
        }
    }
    return length;
}

} // namespace

std::string json_quote(std::string_view text) {
    std::string quoted = "\"";
    for (std::size_t at = 0; at < text.size();) {
        char c = text[at];
        switch (c) {
        case '"':
            quoted += "\\\"";
            break;
        case '\\':
            quoted += "\\\\";
            break;
        case '\n':
            quoted += "\\n";
            break;
        case '\r':
            quoted += "\\r";
            break;
        case '\t':
            quoted += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                quoted += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
            } else if (auto length = utf8_sequence_length(text, at); length > 1) {
                quoted += text.substr(at, length);
                at += length;
                continue;
            } else if (length == 0) {
                // JSON text is UTF-8 (RFC 8259 8.1): a stray byte becomes U+FFFD.
                quoted += "\\ufffd";
            } else {
                quoted += c;
            }
        }
        ++at;
    }
    return quoted + "\"";
}

} // namespace util
