#pragma once

#include <string_view>

namespace app {

// The text printed by --version.
std::string_view version_text();

// The text printed by -l / --license.
std::string_view license_text();

} // namespace app
