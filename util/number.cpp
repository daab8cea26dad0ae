#include "util/number.hpp"

#include <cmath>

namespace util {

std::optional<double> parse_decimal(std::string_view text) {
    double value = 0;
    const char* end = text.data() + text.size();
    auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc{} || stop != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
    auto value = parse_integer<unsigned>(text);
    if (!value || *value < 1 || *value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(*value);
}

} // namespace util
