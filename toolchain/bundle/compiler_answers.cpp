#include "toolchain/bundle/compiler_answers.hpp"

#include "util/text.hpp"

namespace toolchain {

std::vector<LoadedLibrary> parse_loader_list(std::string_view text) {
    std::vector<LoadedLibrary> libraries;
    for (auto raw : util::split(text, '\n')) {
        auto line = util::trim(raw);
        if (line.empty() || line.starts_with("linux-vdso.so") ||
            line.starts_with("linux-gate.so")) {
            continue;
        }
        // "NAME => PATH (0xADDRESS)", "NAME => not found", or "PATH (0xADDRESS)" for the loader.
        auto address = line.rfind(" (0x");
        auto arrow = line.find(" => ");
        LoadedLibrary library;
        if (arrow != std::string_view::npos) {
            library.name = line.substr(0, arrow);
            auto rest = line.substr(arrow + 4);
            if (rest != "not found") {
                auto end = rest.rfind(" (0x");
                library.path = rest.substr(0, end);
            }
        } else if (address != std::string_view::npos && line.starts_with('/')) {
            library.name = line.substr(0, address);
            library.path = library.name;
        } else {
            continue; // "statically linked" and other remarks
        }
        libraries.push_back(std::move(library));
    }
    return libraries;
}

std::vector<std::string> parse_program_folders(std::string_view text) {
    std::vector<std::string> folders;
    for (auto line : util::split(text, '\n')) {
        if (!line.starts_with("programs: ")) {
            continue;
        }
        auto list = line.substr(10);
        if (list.starts_with('=')) {
            list.remove_prefix(1);
        }
        for (auto folder : util::split(list, ':')) {
            if (!folder.empty()) {
                folders.emplace_back(folder);
            }
        }
    }
    return folders;
}

std::string family_from_version_banner(std::string_view text) {
    auto first = text.substr(0, text.find('\n'));
    return first.find("clang version") != std::string_view::npos ? "clang" : "gcc";
}

} // namespace toolchain
