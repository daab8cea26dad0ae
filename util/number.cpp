#include "util/number.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace util {

std::optional<double> parse_decimal(std::string_view text) {
    // strtod rather than std::from_chars: the latter links 50 kB of its own floating-point
    // parsing into a static binary that has strtod anyway. strtod also takes blanks, a '+',
    // hexadecimal and "inf"/"nan", which are refused here first; its decimal point is '.' as
    // distcc-init never sets a locale.
    bool plain_decimal = !text.empty() && text.front() != '+' &&
                         text.find_first_not_of("0123456789.eE+-") == std::string_view::npos;
    if (!plain_decimal) {
        return std::nullopt;
    }
    std::string terminated(text);
    char* stop = nullptr;
    errno = 0;
    double value = std::strtod(terminated.c_str(), &stop);
    if (errno != 0 || stop != terminated.c_str() + terminated.size() || !std::isfinite(value)) {
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
