#include "toolchain/system/patch_bundle.hpp"

#include "toolchain/bundle/bundle_path.hpp"
#include "toolchain/bundle/elf_file.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <set>

namespace toolchain {
namespace {

using namespace std::chrono_literals;

bool is_shared_object_name(std::string_view name) {
    return name.ends_with(".so") || name.find(".so.") != std::string_view::npos;
}

} // namespace

std::vector<std::string> library_folders(const Manifest& manifest) {
    std::set<std::string> folders;
    for (const auto& entry : manifest.entries) {
        if (entry.type == EntryType::file && is_shared_object_name(util::file_name(entry.path))) {
            folders.emplace(folder_of(entry.path));
        }
    }
    return {folders.begin(), folders.end()};
}

std::string rpath_for(std::string_view folder, const std::vector<std::string>& libraries) {
    std::vector<std::string> parts;
    for (const auto& library : libraries) {
        auto relative = relative_path(folder, library);
        parts.push_back(relative == "." ? "$ORIGIN" : "$ORIGIN/" + relative);
    }
    return fmt::format("{}", fmt::join(parts, ":"));
}

std::optional<std::string> patch_bundle(const Manifest& manifest, const PatchSettings& settings) {
    auto libraries = library_folders(manifest);
    for (const auto& entry : manifest.entries) {
        if (entry.type != EntryType::file || entry.path == manifest.loader) {
            continue;
        }
        auto file = settings.root + "/" + entry.path;
        auto program = read_elf_program(util::read_head(file, 1 << 16));
        if (!program || !program->dynamic) {
            continue;
        }
        ToolRun run;
        run.argv = {settings.patchelf};
        if (program->interpreter) {
            if (!manifest.loader) {
                return fmt::format("{} needs a loader, and the bundle has none", entry.path);
            }
            run.argv.insert(run.argv.end(), {"--set-interpreter",
                                             settings.installed_root + "/" + *manifest.loader});
        }
        run.argv.insert(run.argv.end(), {"--force-rpath", "--set-rpath",
                                         rpath_for(folder_of(entry.path), libraries), file});
        run.environment = {"PATH=/usr/bin:/bin", "LC_ALL=C"};
        run.user = settings.user;
        run.timeout = 60s;
        auto result = run_tool(run);
        if (result.exit_code != 0) {
            return fmt::format("patchelf cannot patch {}: {}", entry.path, last_words(result));
        }
    }
    return std::nullopt;
}

} // namespace toolchain
