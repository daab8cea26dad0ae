#include "toolchain/bundle/bundle_path.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cctype>

namespace toolchain {
namespace {

bool is_path_character(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '+' ||
           c == '-' || c == '@' || c == ',' || c == '=';
}

} // namespace

std::optional<std::string> check_bundle_path(std::string_view path) {
    if (path.empty()) {
        return "an empty path";
    }
    if (path.size() > k_max_bundle_path) {
        return "a path longer than 240 bytes";
    }
    if (path.front() == '/') {
        return "an absolute path";
    }
    for (auto component : util::split(path, '/')) {
        if (component.empty()) {
            return "an empty path component";
        }
        if (component == "." || component == "..") {
            return "a \".\" or \"..\" component";
        }
        if (!std::ranges::all_of(component, is_path_character)) {
            return "a character other than letters, digits and . _ + - @ , =";
        }
    }
    return std::nullopt;
}

std::optional<std::string> normalize_relative_path(std::string_view path) {
    if (path.starts_with('/')) {
        return std::nullopt;
    }
    std::vector<std::string_view> kept;
    for (auto component : util::split(path, '/')) {
        if (component.empty() || component == ".") {
            continue;
        }
        if (component == "..") {
            if (kept.empty()) {
                return std::nullopt;
            }
            kept.pop_back();
            continue;
        }
        kept.push_back(component);
    }
    std::string normalized;
    for (auto component : kept) {
        if (!normalized.empty()) {
            normalized += '/';
        }
        normalized += component;
    }
    return normalized;
}

std::vector<std::string> parent_folders(std::string_view path) {
    std::vector<std::string> folders;
    for (auto slash = path.find('/'); slash != std::string_view::npos;
         slash = path.find('/', slash + 1)) {
        folders.emplace_back(path.substr(0, slash));
    }
    return folders;
}

std::string_view folder_of(std::string_view path) {
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

std::string relative_path(std::string_view from, std::string_view to) {
    auto from_parts = from.empty() ? std::vector<std::string_view>{} : util::split(from, '/');
    auto to_parts = to.empty() ? std::vector<std::string_view>{} : util::split(to, '/');
    std::size_t common = 0;
    while (common < from_parts.size() && common < to_parts.size() &&
           from_parts[common] == to_parts[common]) {
        ++common;
    }
    std::string path;
    for (std::size_t i = common; i < from_parts.size(); ++i) {
        path += path.empty() ? ".." : "/..";
    }
    for (std::size_t i = common; i < to_parts.size(); ++i) {
        if (!path.empty()) {
            path += '/';
        }
        path += to_parts[i];
    }
    return path.empty() ? "." : path;
}

} // namespace toolchain
