#pragma once

#include <string>
#include <string_view>

namespace util {

// A JSON string literal (RFC 8259) for `text`, quotes included; valid UTF-8 passes through,
// a byte that is not part of a valid UTF-8 sequence becomes U+FFFD.
std::string json_quote(std::string_view text);

} // namespace util
