#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace util {

// The whole of `text` as an integer in `base`. Nothing for an empty text, trailing
// characters, a sign the type cannot hold, or a value out of its range.
template <typename Integer>
std::optional<Integer> parse_integer(std::string_view text, int base = 10) {
    Integer value{};
    const char* end = text.data() + text.size();
    auto [stop, error] = std::from_chars(text.data(), end, value, base);
    if (text.empty() || error != std::errc{} || stop != end) {
        return std::nullopt;
    }
    return value;
}

// The whole of `text` as a finite decimal number ("8", "0.5"); nothing otherwise.
std::optional<double> parse_decimal(std::string_view text);

// A TCP port number, 1 to 65535.
std::optional<std::uint16_t> parse_port(std::string_view text);

} // namespace util
