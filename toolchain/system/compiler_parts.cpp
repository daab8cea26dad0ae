#include "toolchain/system/compiler_parts.hpp"

#include "supervisor/process_table.hpp"
#include "toolchain/bundle/bundle_path.hpp"
#include "toolchain/bundle/compiler_answers.hpp"
#include "toolchain/bundle/compiler_names.hpp"
#include "toolchain/bundle/elf_file.hpp"
#include "toolchain/system/run_tool.hpp"
#include "util/environment.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace toolchain {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view k_probe = "int distcc_init_probe(int x) { return x * 7; }\n";

// The bundle path of an absolute path here: its names resolved ("a/b/../c" -> "a/c").
std::optional<std::string> bundle_path_of(std::string_view absolute) {
    if (!absolute.starts_with('/')) {
        return std::nullopt;
    }
    auto normalized = normalize_relative_path(absolute.substr(1));
    if (!normalized || check_bundle_path(*normalized)) {
        return std::nullopt;
    }
    return normalized;
}

// The folders an absolute path passes through before each "..": the kernel resolves "d/.."
// only when d exists, so the bundle must hold each of them (GCC reaches its tool folder as
// lib/gcc/TRIPLE/N/../../../../TRIPLE/bin).
void add_folders_before_parents(std::set<std::string>& folders, std::string_view absolute) {
    std::string walked;
    auto components = util::split(absolute, '/');
    for (std::size_t i = 0; i + 1 < components.size(); ++i) {
        auto component = components[i];
        if (component.empty() || component == ".") {
            continue;
        }
        walked += "/" + std::string(component);
        if (components[i + 1] == ".." && component != "..") {
            if (auto path = bundle_path_of(walked)) {
                folders.insert(*path);
            }
        }
    }
}

ToolResult ask(const std::string& program, const std::vector<std::string>& arguments,
               const PackContext& context) {
    ToolRun run;
    run.argv = {program};
    run.argv.insert(run.argv.end(), arguments.begin(), arguments.end());
    run.environment = clean_environment(context.path, context.temporary);
    run.directory = context.temporary;
    run.timeout = 60s;
    return run_tool(run);
}

// One line of answer, or nothing.
std::optional<std::string> answer(const std::string& program,
                                  const std::vector<std::string>& arguments,
                                  const PackContext& context) {
    auto result = ask(program, arguments, context);
    auto text = std::string(util::trim(result.output));
    if (result.exit_code != 0 || text.empty() || text.find('\n') != std::string::npos) {
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> read_link_of(pid_t pid, std::string_view what) {
    return util::read_symlink(fmt::format("/proc/{}/{}", pid, what));
}

class Packer {
  public:
    Packer(PackPlan& plan, const PackContext& context) : m_plan(plan), m_context(context) {}

    std::optional<std::string> add(const std::string& name) {
        auto shown = std::string(util::file_name(name));
        auto parsed = parse_compiler_name(shown);
        if (!parsed) {
            return fmt::format("{}: not a compiler name (expected [TRIPLE-]gcc, g++, cc, c++, "
                               "clang or clang++, [-VERSION])",
                               util::escape_control_characters(shown));
        }
        util::Environment environment{{"PATH", m_context.path}};
        auto program = name.find('/') != std::string::npos ? std::optional(name)
                                                           : util::find_in_path(name, environment);
        if (!program) {
            return fmt::format("{}: not found in PATH", shown);
        }
        auto found = find_real_driver(*program, m_context);
        if (const auto* problem = std::get_if<1>(&found)) {
            return fmt::format("{}: {}", shown, *problem);
        }
        auto driver = std::get<0>(found);
        auto driver_path = bundle_path_of(driver);
        if (!driver_path) {
            return fmt::format("{}: its driver {} has a path a bundle cannot hold", shown, driver);
        }
        for (auto& compiler : m_plan.compilers) {
            if (compiler.driver == *driver_path) {
                if (std::ranges::find(compiler.names, shown) == compiler.names.end()) {
                    compiler.names.push_back(shown);
                }
                return std::nullopt;
            }
        }
        auto compiler = describe(shown, driver, *driver_path, language_of(*parsed));
        if (const auto* problem = std::get_if<std::string>(&compiler)) {
            return fmt::format("{}: {}", shown, *problem);
        }
        if (auto problem = add_program(driver, *driver_path)) {
            return fmt::format("{}: {}", shown, *problem);
        }
        if (std::get<BundleCompiler>(compiler).family == "gcc") {
            if (auto problem = add_gcc_parts(driver, language_of(*parsed))) {
                return fmt::format("{}: {}", shown, *problem);
            }
        }
        m_plan.compilers.push_back(std::get<BundleCompiler>(std::move(compiler)));
        return std::nullopt;
    }

  private:
    // Family, version, target and the identity of what it makes.
    std::variant<BundleCompiler, std::string> describe(const std::string& name,
                                                       const std::string& driver,
                                                       const std::string& driver_path,
                                                       Language language) {
        BundleCompiler compiler;
        compiler.family = family_from_version_banner(ask(driver, {"--version"}, m_context).output);
        auto version = answer(
            driver, {compiler.family == "gcc" ? "-dumpfullversion" : "-dumpversion"}, m_context);
        auto target = answer(driver, {"-dumpmachine"}, m_context);
        if (!version || !target) {
            return std::string("it does not say its version and target (-dumpversion, "
                               "-dumpmachine)");
        }
        compiler.version = *version;
        compiler.target = *target;
        compiler.driver = driver_path;
        auto source = m_context.temporary + (language == Language::cxx ? "/probe.cpp" : "/probe.c");
        auto object = m_context.temporary + "/probe.o";
        if (auto problem = util::write_file_atomically(source, k_probe)) {
            return *problem;
        }
        auto compiled = ask(driver, {"-c", source, "-o", object}, m_context);
        auto bytes = util::read_text_file(object);
        auto identity = bytes ? read_object_identity(*bytes) : std::nullopt;
        unlink(object.c_str());
        if (compiled.exit_code != 0 || !identity || identity->compiler.empty()) {
            return fmt::format("it does not compile a probe here: {}", last_words(compiled));
        }
        compiler.identity = identity->compiler;
        compiler.object = identity->target;
        compiler.names.push_back(name);
        return compiler;
    }

    // A program and the libraries the system's loader gives it.
    std::optional<std::string> add_program(const std::string& source, const std::string& path) {
        auto head = util::read_head(source, 1 << 16);
        auto header = read_elf_header(head);
        auto program = read_elf_program(head);
        if (!header || !program) {
            return fmt::format("{} is not an ELF program", source);
        }
        if (m_plan.machine != 0 && header->machine != m_plan.machine) {
            return fmt::format("{} is for {}, other parts for {}", source,
                               machine_name(header->machine), machine_name(m_plan.machine));
        }
        m_plan.machine = header->machine;
        m_plan.files[path] = source;
        if (!program->interpreter) {
            return std::nullopt; // static: it loads nothing
        }
        auto loader_source = util::resolve_path(*program->interpreter);
        auto loader_path = bundle_path_of(*program->interpreter);
        if (!loader_source || !loader_path) {
            return fmt::format("{}'s loader {} is missing here", source, *program->interpreter);
        }
        if (m_plan.loader && *m_plan.loader != *loader_path) {
            return fmt::format("{} asks for the loader {}, other parts for /{}", source,
                               *program->interpreter, *m_plan.loader);
        }
        m_plan.loader = *loader_path;
        m_plan.files[*loader_path] = *loader_source;
        auto listed = ask(*program->interpreter, {"--list", source}, m_context);
        if (listed.exit_code != 0) {
            return fmt::format("the loader cannot list {}'s libraries: {}", source,
                               last_words(listed));
        }
        for (const auto& library : parse_loader_list(listed.output)) {
            if (library.path.empty()) {
                return fmt::format("{} needs {}, which the loader does not find", source,
                                   library.name);
            }
            auto library_source = util::resolve_path(library.path);
            auto library_path = bundle_path_of(library.path);
            if (!library_source || !library_path) {
                return fmt::format("{} needs {}, which a bundle cannot hold", source, library.path);
            }
            m_plan.files.emplace(*library_path, *library_source);
        }
        return std::nullopt;
    }

    // cc1 or cc1plus, the assembler and objcopy (for -gsplit-dwarf), where this driver finds
    // them: its own answer when it names a path; else the program PATH gives, placed in the
    // driver's tool folder, which it searches before PATH.
    std::optional<std::string> add_gcc_parts(const std::string& driver, Language language) {
        auto folders = parse_program_folders(ask(driver, {"-print-search-dirs"}, m_context).output);
        for (const auto& folder : folders) {
            add_folders_before_parents(m_plan.folders, folder);
        }
        auto tool_folder =
            std::ranges::find_if(folders.rbegin(), folders.rend(), [](const std::string& folder) {
                return folder.ends_with("/bin/") || folder.ends_with("/bin");
            });
        std::vector<std::string> programs{language == Language::cxx ? "cc1plus" : "cc1", "as",
                                          "objcopy"};
        for (const auto& program : programs) {
            auto reply = answer(driver, {"-print-prog-name=" + program}, m_context);
            if (!reply) {
                return fmt::format("it does not say where its {} is", program);
            }
            std::optional<std::string> source;
            std::optional<std::string> path;
            if (reply->starts_with('/')) {
                add_folders_before_parents(m_plan.folders, *reply);
                source = util::resolve_path(*reply);
                path = bundle_path_of(*reply);
            } else if (program.starts_with("cc1")) {
                return fmt::format("its driver does not find its {}", program);
            } else if (tool_folder != folders.rend()) {
                util::Environment environment{{"PATH", m_context.path}};
                auto found = util::find_in_path(*reply, environment);
                source = found ? util::resolve_path(*found) : std::nullopt;
                path = bundle_path_of(*tool_folder + "/" + program);
            }
            if (!source || !path) {
                return fmt::format("its {} ({}) is not found here", program, *reply);
            }
            if (auto problem = add_program(*source, *path)) {
                return problem;
            }
        }
        return std::nullopt;
    }

    PackPlan& m_plan;
    const PackContext& m_context;
};

// The processes of a tool's group that read from the pipe `inode`.
struct Reader {
    pid_t pid;
    pid_t parent;
    bool leaf;
};

std::vector<Reader> pipe_readers(pid_t root, const std::string& pipe_name) {
    auto table = supervisor::read_process_table();
    auto family = supervisor::descendants_of(root, table);
    family.push_back(root);
    std::vector<Reader> readers;
    for (auto pid : family) {
        if (read_link_of(pid, "fd/0") != pipe_name) {
            continue;
        }
        auto entry = std::ranges::find_if(table, [&](const auto& e) { return e.pid == pid; });
        if (entry == table.end() || entry->state != 'S') {
            continue;
        }
        bool has_child = std::ranges::any_of(table, [&](const auto& e) {
            return e.parent_pid == pid && std::ranges::find(family, e.pid) != family.end();
        });
        readers.push_back({pid, entry->parent_pid, !has_child});
    }
    return readers;
}

} // namespace

std::variant<std::string, std::string> find_real_driver(const std::string& program,
                                                        const PackContext& context) {
    int input[2];
    if (pipe2(input, O_CLOEXEC) != 0) {
        return std::variant<std::string, std::string>(std::in_place_index<1>,
                                                      util::describe_errno("pipe"));
    }
    int writer = input[1];
    struct stat pipe_info {};
    fstat(input[1], &pipe_info);
    auto pipe_name = fmt::format("pipe:[{}]", pipe_info.st_ino);
    ToolRun run;
    run.argv = {program, "-x", "c", "-c", "-", "-o", "/dev/null"};
    run.environment = clean_environment(context.path, context.temporary);
    run.environment.emplace_back("DISTCC_HOSTS=localhost"); // a distcc masquerade runs it here
    run.directory = context.temporary;
    run.timeout = 30s;
    run.input_fd = input[0];
    auto started = start_tool(run);
    close(input[0]);
    if (const auto* problem = std::get_if<std::string>(&started)) {
        close(writer);
        return std::variant<std::string, std::string>(std::in_place_index<1>, *problem);
    }
    auto& tool = std::get<RunningTool>(started);
    // The compiler proper waits on the pipe without children of its own; once the same
    // process has done so for a few looks in a row, the tree has settled.
    std::optional<std::string> driver;
    pid_t last = 0;
    int steady = 0;
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!driver && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
        auto readers = pipe_readers(tool.pid(), pipe_name);
        auto leaf = std::ranges::find_if(readers, [](const Reader& r) { return r.leaf; });
        if (leaf == readers.end()) {
            steady = 0;
            continue;
        }
        steady = leaf->pid == last ? steady + 1 : 0;
        last = leaf->pid;
        if (steady < 3) {
            continue;
        }
        auto exe = read_link_of(leaf->pid, "exe");
        if (exe && util::file_name(*exe).starts_with("cc1")) {
            driver = read_link_of(leaf->parent, "exe");
        } else {
            driver = exe;
        }
        if (!driver) {
            break;
        }
    }
    close(writer); // the compile of nothing ends
    auto result = tool.finish();
    if (!driver) {
        return std::variant<std::string, std::string>(
            std::in_place_index<1>,
            fmt::format("cannot tell which program it runs (it did not wait for its input: {})",
                        last_words(result)));
    }
    auto name = util::file_name(*driver);
    if (name == "ccache" || name == "distcc") {
        return std::variant<std::string, std::string>(
            std::in_place_index<1>, fmt::format("it is {}, not a compiler", name));
    }
    return std::variant<std::string, std::string>(std::in_place_index<0>, *driver);
}

std::optional<std::string> add_compiler(PackPlan& plan, const std::string& name,
                                        const PackContext& context) {
    return Packer(plan, context).add(name);
}

} // namespace toolchain
