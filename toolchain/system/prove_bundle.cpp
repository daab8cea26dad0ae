#include "toolchain/system/prove_bundle.hpp"

#include "toolchain/bundle/bundle_path.hpp"
#include "toolchain/bundle/compiler_names.hpp"
#include "toolchain/bundle/elf_file.hpp"
#include "util/files.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

#include <climits>
#include <cstdlib>
#include <fmt/format.h>
#include <set>
#include <unistd.h>

namespace toolchain {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view k_probe = "int distcc_init_probe(int x) { return x * 7; }\n";

bool inside(const std::string& path, const std::string& root) {
    return path.starts_with('/') &&
           util::is_within(util::normalize_path(path), util::normalize_path(root));
}

class Prover {
  public:
    Prover(const Manifest& manifest, const ProveSettings& settings)
        : m_manifest(manifest), m_settings(settings) {}

    std::optional<std::string> prove() {
        for (const auto& compiler : m_manifest.compilers) {
            std::set<Language> languages;
            for (const auto& name : compiler.names) {
                languages.insert(language_of(*parse_compiler_name(name)));
            }
            for (auto language : languages) {
                if (auto problem = prove_compiler(compiler, language)) {
                    return fmt::format("{} ({}): {}", compiler.names.front(), compiler.driver,
                                       *problem);
                }
            }
        }
        return std::nullopt;
    }

  private:
    ToolResult run(const std::string& driver, std::vector<std::string> arguments,
                   bool debug = false) {
        ToolRun run;
        run.argv = {driver};
        run.argv.insert(run.argv.end(), arguments.begin(), arguments.end());
        run.environment = clean_environment(std::string(folder_of(driver)), m_settings.work);
        if (debug) {
            run.environment.emplace_back("LD_DEBUG=libs");
        }
        run.user = m_settings.user;
        run.directory = m_settings.work;
        run.timeout = 120s;
        run.output_limit = 8 << 20;
        return run_tool(run);
    }

    std::optional<std::string> prove_compiler(const BundleCompiler& compiler, Language language) {
        auto driver = m_settings.root + "/" + compiler.driver;
        if (compiler.family == "gcc") {
            for (std::string program :
                 {language == Language::cxx ? "cc1plus" : "cc1", "as", "objcopy"}) {
                auto answer = run(driver, {"-print-prog-name=" + program});
                auto named = std::string(util::trim(answer.output));
                auto resolved = named.starts_with('/') ? util::resolve_path(named) : std::nullopt;
                if (answer.exit_code != 0 || !resolved || !inside(*resolved, m_settings.root)) {
                    return fmt::format("its {} would be {}, not the bundle's", program,
                                       named.empty() ? last_words(answer) : named);
                }
            }
        }
        auto source = m_settings.work + (language == Language::cxx ? "/probe.cpp" : "/probe.c");
        auto object = m_settings.work + "/probe.o";
        if (auto problem = util::write_file_atomically(source, k_probe)) {
            return problem;
        }
        if (m_settings.user) {
            [[maybe_unused]] int changed =
                chown(source.c_str(), m_settings.user->uid, m_settings.user->gid);
        }
        unlink(object.c_str());
        auto compiled = run(driver, {"-c", source, "-o", object}, true);
        if (compiled.exit_code != 0) {
            return fmt::format("the probe compile failed: {}", last_words(compiled));
        }
        for (const auto& path : loaded_paths(compiled.output)) {
            if (!inside(path, m_settings.root)) {
                return fmt::format("the probe compile loaded {}, from outside the bundle", path);
            }
        }
        auto bytes = util::read_text_file(object);
        auto identity = bytes ? read_object_identity(*bytes) : std::nullopt;
        if (!identity || identity->compiler != compiler.identity ||
            identity->target != compiler.object) {
            return fmt::format("the probe object says {:?} ({}), the manifest {:?} ({})",
                               identity ? identity->compiler : "nothing",
                               identity ? identity->target : "no ELF", compiler.identity,
                               compiler.object);
        }
        return std::nullopt;
    }

    const Manifest& m_manifest;
    const ProveSettings& m_settings;
};

} // namespace

std::vector<std::string> loaded_paths(std::string_view ld_debug_output) {
    std::vector<std::string> paths;
    for (auto line : util::split(ld_debug_output, '\n')) {
        for (std::string_view marker : {"trying file=", "calling init: "}) {
            auto at = line.find(marker);
            if (at != std::string_view::npos) {
                paths.emplace_back(util::trim(line.substr(at + marker.size())));
            }
        }
    }
    return paths;
}

std::optional<std::string> prove_bundle(const Manifest& manifest, const ProveSettings& settings) {
    return Prover(manifest, settings).prove();
}

} // namespace toolchain
