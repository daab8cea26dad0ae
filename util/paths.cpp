#include "util/paths.hpp"

#include "util/text.hpp"

#include <vector>

namespace util {

std::string normalize_path(std::string_view path) {
    bool absolute = path.starts_with("/");
    std::vector<std::string_view> parts;
    for (auto part : split(path, '/')) {
        if (part.empty() || part == ".") {
            continue;
        }
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") {
                parts.pop_back();
            } else if (!absolute) {
                parts.push_back(part);
            }
            continue;
        }
        parts.push_back(part);
    }
    std::string normal = absolute ? "/" : "";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        normal += (i == 0 ? "" : "/");
        normal += parts[i];
    }
    return normal.empty() ? "." : normal;
}

bool is_within(std::string_view path, std::string_view directory) {
    if (directory == "/") {
        return path.starts_with("/");
    }
    return path == directory || (path.starts_with(directory) && path.size() > directory.size() &&
                                 path[directory.size()] == '/');
}

} // namespace util
