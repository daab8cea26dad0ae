#pragma once

#include <string>
#include <string_view>

namespace util {

// A JSON string literal (RFC 8259) for `text`, quotes included; UTF-8 passes through.
std::string json_quote(std::string_view text);

} // namespace util
