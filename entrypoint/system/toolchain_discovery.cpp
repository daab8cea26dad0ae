#include "entrypoint/system/toolchain_discovery.hpp"

#include "entrypoint/plan/defaults.hpp"
#include "entrypoint/plan/toolchain_bundles.hpp"
#include "supervisor/run_helper.hpp"
#include "toolchain/system/served_links.hpp"
#include "toolchain/system/store.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <map>
#include <set>
#include <unistd.h>

namespace entrypoint {
namespace {

// A name found in PATH and the binary it leads to.
struct FoundName {
    std::string name;
    CompilerName parsed;
    std::string real_path;
};

// The first of each compiler name in PATH, as a shell would find it. Masquerade links
// (ccache's, distcc's own) are not compilers.
std::vector<FoundName> find_compiler_names(const util::Environment& environment) {
    auto path = util::lookup(environment, "PATH").value_or(util::k_default_path);
    std::set<std::string> seen;
    std::vector<FoundName> found;
    for (auto directory : util::split(path, ':')) {
        if (directory.empty()) {
            continue;
        }
        std::unique_ptr<DIR, int (*)(DIR*)> listing(opendir(std::string(directory).c_str()),
                                                    closedir);
        if (!listing) {
            continue;
        }
        std::vector<std::string> names;
        while (auto* entry = readdir(listing.get())) {
            names.emplace_back(entry->d_name);
        }
        std::ranges::sort(names);
        for (const auto& name : names) {
            auto parsed = parse_compiler_name(name);
            auto full = std::string(directory) + "/" + name;
            if (!parsed || seen.contains(name) || !util::is_executable_file(full)) {
                continue;
            }
            auto real = util::resolve_path(full);
            if (!real) {
                continue;
            }
            auto real_name = util::file_name(*real);
            if (real_name == "ccache" || real_name == "distcc") {
                continue;
            }
            seen.insert(name);
            found.push_back({name, *parsed, *real});
        }
    }
    return found;
}

// One line of a compiler's answer, or nothing when it failed or said more. Each binary is
// asked once: clang and clang++ are one binary, and clang takes most of a tenth of a second
// to start.
class CompilerQuestions {
  public:
    explicit CompilerQuestions(const supervisor::InheritedSignals& inherited)
        : m_inherited(inherited) {}

    std::optional<std::string> ask(const std::string& path, const std::string& question) {
        auto [answer, added] = m_answers.try_emplace({path, question});
        if (added) {
            auto result = supervisor::run_helper({path, question}, m_inherited);
            auto text = std::string(util::trim(result.output));
            if (result.exit_code == 0 && !text.empty() && text.find('\n') == std::string::npos) {
                answer->second = text;
            }
        }
        return answer->second;
    }

  private:
    const supervisor::InheritedSignals& m_inherited;
    std::map<std::pair<std::string, std::string>, std::optional<std::string>> m_answers;
};

} // namespace

ServedToolchains discover_toolchains(const util::Environment& environment,
                                     const supervisor::InheritedSignals& inherited) {
    // One toolchain per binary and language: clang and clang++ are one binary.
    std::map<std::pair<std::string, Language>, Toolchain> by_binary;
    std::map<std::pair<std::string, Language>, std::optional<CompilerFamily>> families;
    for (const auto& found : find_compiler_names(environment)) {
        const auto& base = found.parsed.base;
        auto language = language_of(found.parsed);
        auto& toolchain = by_binary[{found.real_path, language}];
        toolchain.path = found.real_path;
        toolchain.language = language;
        toolchain.found_as.push_back(found.name);
        if (base != "cc" && base != "c++") {
            families[{found.real_path, language}] =
                base.starts_with("clang") ? CompilerFamily::clang : CompilerFamily::gcc;
        }
    }
    ServedToolchains served;
    CompilerQuestions questions(inherited);
    for (auto& [key, toolchain] : by_binary) {
        // Only cc or c++ led there: not a compiler we can name.
        auto family = families[key];
        if (!family) {
            continue;
        }
        toolchain.family = *family;
        // gcc -dumpversion may say only "12"; clang knows no -dumpfullversion.
        auto version = questions.ask(
            toolchain.path, *family == CompilerFamily::gcc ? "-dumpfullversion" : "-dumpversion");
        auto target = questions.ask(toolchain.path, "-dumpmachine");
        if (!version || !target) {
            continue;
        }
        toolchain.version = *version;
        toolchain.target = *target;
        served.toolchains.push_back(std::move(toolchain));
    }
    served.names = served_names(served.toolchains);
    return served;
}

std::optional<std::string> write_compiler_links(const LinkCompilers& step) {
    toolchain::ServedMap served(step.listed.begin(), step.listed.end());
    for (const auto& name : step.served.names) {
        served[name.name] = step.served.toolchains[name.toolchain].path;
    }
    ServedToolchains image;
    for (const auto& toolchain : step.served.toolchains) {
        if (!toolchain.bundle) {
            image.toolchains.push_back(toolchain);
        }
    }
    toolchain::ServedMap image_links;
    for (const auto& name : served_names(image.toolchains)) {
        image_links[name.name] = image.toolchains[name.toolchain].path;
    }
    return toolchain::write_served_names(
        {step.directory, step.real_directory, step.image_directory, step.list_file, step.guard},
        step.shaped, served, image_links);
}

int print_toolchains(const util::Environment& environment, ToolchainsFormat format) {
    auto store = util::lookup(environment, "DISTCC_TOOLCHAIN_DIR")
                     .value_or(std::string(defaults::k_toolchain_store_dir));
    auto served =
        serve_bundles(discover_toolchains(environment, supervisor::capture_current_signals()),
                      toolchain::installed_bundle_toolchains(store));
    std::string text;
    switch (format) {
    case ToolchainsFormat::text:
        text = render_toolchains_text(served);
        break;
    case ToolchainsFormat::json:
        text = render_toolchains_json(served);
        break;
    case ToolchainsFormat::labels:
        text = render_toolchain_labels(served);
        break;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (served.names.empty()) {
        std::fputs("no C or C++ compiler found in PATH\n", stderr);
        return util::k_exit_failure;
    }
    return 0;
}

} // namespace entrypoint
