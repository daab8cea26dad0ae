#pragma once

// A strict RFC 8259 validity check: one value, optional whitespace around it, strings in
// valid UTF-8 without raw control characters, escapes and numbers as the grammar says.

#include <cstddef>
#include <string_view>

namespace fuzz_support {

class JsonChecker {
  public:
    explicit JsonChecker(std::string_view text) : m_text(text) {}

    bool valid() {
        skip_whitespace();
        if (!value(0)) {
            return false;
        }
        skip_whitespace();
        return m_at == m_text.size();
    }

  private:
    static constexpr int k_max_depth = 64;

    bool at_end() const { return m_at >= m_text.size(); }
    unsigned char peek() const { return static_cast<unsigned char>(m_text[m_at]); }

    void skip_whitespace() {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
            ++m_at;
        }
    }

    bool literal(std::string_view word) {
        if (m_text.substr(m_at, word.size()) != word) {
            return false;
        }
        m_at += word.size();
        return true;
    }

    bool value(int depth) {
        if (at_end() || depth > k_max_depth) {
            return false;
        }
        switch (peek()) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"':
            return string();
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    enum class After { comma, closed, bad };

    // What follows a member of an object or an element of an array: a comma (more come), the
    // closing bracket, or anything else (invalid). The comma or bracket is consumed.
    After after_member(char close) {
        skip_whitespace();
        if (at_end() || (peek() != close && peek() != ',')) {
            return After::bad;
        }
        return m_text[m_at++] == close ? After::closed : After::comma;
    }

    bool object(int depth) {
        ++m_at; // {
        skip_whitespace();
        if (!at_end() && peek() == '}') {
            ++m_at;
            return true;
        }
        while (true) {
            skip_whitespace();
            if (at_end() || peek() != '"' || !string()) {
                return false;
            }
            skip_whitespace();
            if (at_end() || peek() != ':') {
                return false;
            }
            ++m_at;
            skip_whitespace();
            if (!value(depth + 1)) {
                return false;
            }
            if (auto next = after_member('}'); next != After::comma) {
                return next == After::closed;
            }
        }
    }

    bool array(int depth) {
        ++m_at; // [
        skip_whitespace();
        if (!at_end() && peek() == ']') {
            ++m_at;
            return true;
        }
        while (true) {
            skip_whitespace();
            if (!value(depth + 1)) {
                return false;
            }
            if (auto next = after_member(']'); next != After::comma) {
                return next == After::closed;
            }
        }
    }

    static bool is_hex(unsigned char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    bool escape() {
        if (at_end()) {
            return false;
        }
        unsigned char c = peek();
        ++m_at;
        if (c == 'u') {
            for (int i = 0; i < 4; ++i, ++m_at) {
                if (at_end() || !is_hex(peek())) {
                    return false;
                }
            }
            return true;
        }
        return std::string_view("\"\\/bfnrt").find(static_cast<char>(c)) != std::string_view::npos;
    }

    // One UTF-8 sequence (RFC 3629): no overlong forms, no surrogates, at most U+10FFFF.
    bool utf8_sequence() {
        unsigned char lead = peek();
        std::size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
        if (lead < 0xc2 || lead > 0xf4 || m_at + length > m_text.size()) {
            return false;
        }
        unsigned char second = static_cast<unsigned char>(m_text[m_at + 1]);
        unsigned char low = 0x80;
        unsigned char high = 0xbf;
        if (lead == 0xe0) {
            low = 0xa0;
        } else if (lead == 0xed) {
            high = 0x9f;
        } else if (lead == 0xf0) {
            low = 0x90;
        } else if (lead == 0xf4) {
            high = 0x8f;
        }
        if (second < low || second > high) {
            return false;
        }
        for (std::size_t i = 2; i < length; ++i) {
            unsigned char next = static_cast<unsigned char>(m_text[m_at + i]);
            if (next < 0x80 || next > 0xbf) {
                return false;
            }
        }
        m_at += length;
        return true;
    }

    bool string() {
        ++m_at; // "
        while (!at_end()) {
            unsigned char c = peek();
            if (c == '"') {
                ++m_at;
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                ++m_at;
                if (!escape()) {
                    return false;
                }
            } else if (c >= 0x80) {
                if (!utf8_sequence()) {
                    return false;
                }
            } else {
                ++m_at;
            }
        }
        return false;
    }

    bool digits() {
        std::size_t start = m_at;
        while (!at_end() && peek() >= '0' && peek() <= '9') {
            ++m_at;
        }
        return m_at > start;
    }

    bool number() {
        if (!at_end() && peek() == '-') {
            ++m_at;
        }
        if (at_end()) {
            return false;
        }
        if (peek() == '0') {
            ++m_at;
        } else if (!digits()) {
            return false;
        }
        if (!at_end() && peek() == '.') {
            ++m_at;
            if (!digits()) {
                return false;
            }
        }
        if (!at_end() && (peek() == 'e' || peek() == 'E')) {
            ++m_at;
            if (!at_end() && (peek() == '+' || peek() == '-')) {
                ++m_at;
            }
            if (!digits()) {
                return false;
            }
        }
        return true;
    }

    std::string_view m_text;
    std::size_t m_at = 0;
};

inline bool is_valid_json(std::string_view text) {
    return JsonChecker(text).valid();
}

} // namespace fuzz_support
