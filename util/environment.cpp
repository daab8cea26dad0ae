#include "util/environment.hpp"

#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace util {

std::optional<std::string> lookup(const Environment& environment, const std::string& name) {
    auto found = environment.find(name);
    if (found == environment.end() || found->second.empty()) {
        return std::nullopt;
    }
    return found->second;
}

Environment read_process_environment() {
    Environment environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        auto equals = text.find('=');
        if (equals != std::string_view::npos) {
            environment.emplace(text.substr(0, equals), text.substr(equals + 1));
        }
    }
    return environment;
}

bool is_executable_file(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
           access(path.c_str(), X_OK) == 0;
}

std::optional<std::string> find_in_path(const std::string& name, const Environment& environment) {
    std::string_view path = environment.contains("PATH") ? std::string_view(environment.at("PATH"))
                                                         : std::string_view(k_default_path);
    while (true) {
        auto colon = path.find(':');
        auto directory = path.substr(0, colon);
        auto candidate = std::string(directory.empty() ? "." : directory) + "/" + name;
        if (is_executable_file(candidate)) {
            return candidate;
        }
        if (colon == std::string_view::npos) {
            return std::nullopt;
        }
        path.remove_prefix(colon + 1);
    }
}

} // namespace util
