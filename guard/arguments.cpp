#include "guard/arguments.hpp"

#include "util/paths.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>
#include <vector>

namespace guard {
namespace {

// The metrics labels of the refused families.
constexpr std::string_view k_program = "program"; // runs a program the client chooses
constexpr std::string_view k_plugin = "plugin";   // loads code into the compiler
constexpr std::string_view k_file = "file";       // reads or writes a file outside the job
constexpr std::string_view k_profile = "profile"; // profile data: a file outside the job
constexpr std::string_view k_unknown = "unknown"; // not an option known to be safe
constexpr std::string_view k_job = "job";         // not one compile of distccd's files

// Options that take no value and do nothing but shape the compile or its messages. Linking
// options are among them: the guard insists on -c or -S, so nothing is linked.
constexpr std::array<std::string_view, 48> k_plain_flags{"-c",
                                                         "-S",
                                                         "-E",
                                                         "-pipe",
                                                         "-w",
                                                         "-v",
                                                         "-pedantic",
                                                         "-ansi",
                                                         "-pthread",
                                                         "-pthreads",
                                                         "-P",
                                                         "-C",
                                                         "-CC",
                                                         "-H",
                                                         "-p",
                                                         "-pg",
                                                         "-Q",
                                                         "-undef",
                                                         "-nostdinc",
                                                         "-nostdinc++",
                                                         "-trigraphs",
                                                         "-traditional",
                                                         "-traditional-cpp",
                                                         "-static",
                                                         "-shared",
                                                         "-rdynamic",
                                                         "-s",
                                                         "-static-libgcc",
                                                         "-static-libstdc++",
                                                         "-nostdlib",
                                                         "-nodefaultlibs",
                                                         "-nostartfiles",
                                                         "-no-pie",
                                                         "-pie",
                                                         "-static-pie",
                                                         "-integrated-as",
                                                         "-no-integrated-as",
                                                         "-MD",
                                                         "-MMD",
                                                         "-MG",
                                                         "-MP",
                                                         "-M",
                                                         "-MM",
                                                         "-pedantic-errors",
                                                         "-Qunused-arguments",
                                                         "-nostdlibinc",
                                                         "-nobuiltininc",
                                                         "-no-canonical-prefixes"};

// -save-temps keeps intermediate files in the working directory, or beside the object: both
// are the job's (the guard's own directory, distccd's temporary names).
constexpr std::array<std::string_view, 3> k_save_temps{"-save-temps", "-save-temps=cwd",
                                                       "-save-temps=obj"};

// -f options whose value is a path but names no file the compiler opens: prefix maps, the
// directory recorded in debug information, a linker that is never run.
constexpr std::array<std::string_view, 8> k_path_text_f_options{
    "debug-prefix-map=",         "file-prefix-map=", "macro-prefix-map=", "debug-compilation-dir=",
    "coverage-compilation-dir=", "random-seed=",     "use-ld=",           "ld-path="};

// -f options that read or write a file the client names (besides any other -f option whose
// value holds a '/'), or a cache of their own outside the job.
constexpr std::array<std::string_view, 18> k_file_f_options{"compare-debug=",
                                                            "sanitize-blacklist=",
                                                            "sanitize-ignorelist=",
                                                            "sanitize-system-ignorelist=",
                                                            "sanitize-coverage-allowlist=",
                                                            "sanitize-coverage-ignorelist=",
                                                            "sanitize-coverage-whitelist=",
                                                            "sanitize-coverage-blacklist=",
                                                            "xray-attr-list=",
                                                            "xray-always-instrument=",
                                                            "xray-never-instrument=",
                                                            "crash-diagnostics-dir=",
                                                            "optimization-record-file=",
                                                            "save-optimization-record=",
                                                            "time-trace=",
                                                            "module",
                                                            "prebuilt-module",
                                                            "implicit-module"};

// Assembler options (after -Wa, or -Xassembler) that only shape the object.
constexpr std::array<std::string_view, 29> k_assembler_flags{"--noexecstack",
                                                             "--execstack",
                                                             "-g",
                                                             "--gen-debug",
                                                             "--fatal-warnings",
                                                             "--warn",
                                                             "--no-warn",
                                                             "-W",
                                                             "--64",
                                                             "--32",
                                                             "--x32",
                                                             "-K",
                                                             "-V",
                                                             "-Q",
                                                             "-Qy",
                                                             "-Qn",
                                                             "--reduce-memory-overheads",
                                                             "-L",
                                                             "--keep-locals",
                                                             "-R",
                                                             "--strip-local-absolute",
                                                             "-EB",
                                                             "-EL",
                                                             "--nocompress-debug-sections",
                                                             "--compress-debug-sections",
                                                             "--no-pad-sections",
                                                             "--sectname-subst",
                                                             "--divide",
                                                             "--statistics"};
constexpr std::array<std::string_view, 7> k_assembler_prefixes{
    "--gdwarf",          "--compress-debug-sections=",      "--size-check=",
    "--elf-stt-common=", "--generate-missing-build-notes=", "--debug-prefix-map=",
    "--defsym="};

// clang options that only reach its front end through -Xclang and shape nothing but the
// compile; anything else that way, -load and -plugin above all, is refused.
constexpr std::array<std::string_view, 9> k_xclang_flags{
    "-fno-pch-timestamp",     "-fcolor-diagnostics",
    "-fno-color-diagnostics", "-disable-O0-optnone",
    "-disable-llvm-passes",   "-disable-llvm-optzns",
    "-emit-llvm-uselists",    "-detailed-preprocessing-record",
    "-fno-validate-pch"};

bool contains(auto table, std::string_view word) {
    return std::ranges::find(table, word) != table.end();
}

bool starts_with_any(auto prefixes, std::string_view word) {
    return std::ranges::any_of(prefixes,
                               [&](std::string_view prefix) { return word.starts_with(prefix); });
}

bool is_language(std::string_view value) {
    return !value.empty() && std::islower(static_cast<unsigned char>(value.front())) &&
           std::ranges::all_of(value, [](char c) {
               return std::islower(static_cast<unsigned char>(c)) ||
                      std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-';
           });
}

Refused refuse(std::string_view argument, std::string reason, std::string_view family) {
    return {std::string(argument), std::move(reason), family};
}

Refused unknown(std::string_view argument) {
    return refuse(argument,
                  "not an option this worker knows to be safe (the client compiles this unit "
                  "itself)",
                  k_unknown);
}

// How one word of the arguments is taken.
enum class Takes {
    nothing,      // a flag, or an option with its value joined
    text,         // a value that names no file: next word
    path,         // a file or directory, which must be the job's: next word
    language,     // -x
    assembler,    // -Xassembler
    preprocessor, // -Xpreprocessor
    xclang,       // -Xclang
    mllvm,        // -mllvm
};

// A path an option names, checked once the job's files are known.
struct NamedPath {
    std::string argument;
    std::string path;
};

class Checker {
  public:
    Checker(std::span<const std::string> arguments, const JobPlace& place)
        : m_arguments(arguments), m_place(place) {}

    std::variant<JobFiles, Refused> run() {
        for (m_index = 0; m_index < m_arguments.size() && !m_refused; ++m_index) {
            take_word(m_arguments[m_index]);
        }
        if (m_refused) {
            return *m_refused;
        }
        return check_job();
    }

  private:
    void take_word(const std::string& word) {
        if (refuse_response_file(word)) {
            return;
        }
        if (word == "-o") {
            auto output = next_value(word);
            m_output_index = m_index;
            take_output(output);
        } else if (word.starts_with("-o")) {
            m_output_index = m_index;
            m_output_joined = true;
            take_output(word.substr(2));
        } else if (word == "-" || !word.starts_with("-")) {
            take_input(word);
        } else if (word == "-c" || word == "-S" || word == "-E") {
            m_compiles = true;
        } else {
            take_option(word, false);
        }
    }

    void take_output(const std::optional<std::string>& output) {
        if (!output) {
            return;
        }
        if (m_output) {
            m_refused = refuse(*output, "a second output", k_job);
        }
        m_output = *output;
    }

    void take_input(const std::string& word) {
        if (m_input) {
            m_refused = refuse(word, "a second input: a job compiles one file", k_job);
        }
        m_input = word;
    }

    // The word after an option that takes one, or a refusal when there is none.
    std::optional<std::string> next_value(std::string_view option) {
        if (m_index + 1 >= m_arguments.size()) {
            m_refused = refuse(option, "its value is missing", k_job);
            return std::nullopt;
        }
        const auto& value = m_arguments[++m_index];
        if (refuse_response_file(value)) {
            return std::nullopt;
        }
        return value;
    }

    // cc1, as and ld read a word that starts with '@' as a file of more options, wherever it
    // stands: as a value too.
    bool refuse_response_file(std::string_view word) {
        if (word.starts_with("@")) {
            m_refused = refuse(word, "a response file: its options would go unchecked", k_file);
        }
        return m_refused.has_value();
    }

    // One option; IN_PREPROCESSOR: given to the preprocessor (-Wp, -Xpreprocessor), where
    // -MD and -MMD take the dependency file's name.
    void take_option(std::string_view option, bool in_preprocessor) {
        auto takes = classify(option, in_preprocessor);
        if (m_refused || takes == Takes::nothing) {
            return;
        }
        auto value = next_value(option);
        if (value) {
            take_value(option, takes, *value);
        }
    }

    void take_value(std::string_view option, Takes takes, const std::string& value) {
        switch (takes) {
        case Takes::path:
            m_paths.push_back({std::string(option) + " " + value, value});
            break;
        case Takes::language:
            if (!is_language(value)) {
                m_refused = refuse(value, "not a language name", k_unknown);
            }
            break;
        case Takes::assembler:
            take_assembler_option(value);
            break;
        case Takes::preprocessor:
            take_preprocessor_options(value);
            break;
        case Takes::xclang:
            take_xclang(value);
            break;
        case Takes::mllvm:
            take_mllvm(value);
            break;
        default:
            break;
        }
    }

    Takes classify(std::string_view option, bool in_preprocessor) {
        if (contains(k_plain_flags, option) || contains(k_save_temps, option)) {
            if (in_preprocessor && (option == "-MD" || option == "-MMD")) {
                return Takes::path;
            }
            return Takes::nothing;
        }
        if (auto takes = classify_refused(option)) {
            return *takes;
        }
        if (auto takes = classify_valued(option)) {
            return *takes;
        }
        return classify_family(option);
    }

    // The families that run or load a program of the client's choice, or read its files.
    std::optional<Takes> classify_refused(std::string_view option) {
        if (option == "-wrapper") {
            m_refused = refuse(option, "runs a program of the client's choice", k_program);
        } else if (option.starts_with("-B") || option.starts_with("--prefix") ||
                   option.starts_with("--gcc-toolchain") || option.starts_with("-gcc-toolchain") ||
                   option.starts_with("--gcc-install-dir")) {
            m_refused = refuse(option,
                               "makes the compiler run its programs from a directory the client "
                               "names",
                               k_program);
        } else if (option.starts_with("-specs") || option.starts_with("--specs")) {
            m_refused = refuse(option, "a specs file can run any program", k_program);
        } else if (option.starts_with("--config")) {
            m_refused = refuse(option, "a configuration file adds options unchecked", k_file);
        } else if (option.starts_with("-fplugin") || option.starts_with("-fpass-plugin") ||
                   option.starts_with("-iplugindir")) {
            m_refused = refuse(option, "loads a compiler plugin", k_plugin);
        } else if (option.starts_with("-fprofile-") || option.starts_with("-fauto-profile") ||
                   option.starts_with("-fcs-profile-") || option == "-ftest-coverage" ||
                   option == "--coverage" || option.starts_with("-fcoverage-data-file") ||
                   option == "-fbranch-probabilities") {
            m_refused = refuse(option,
                               "reads or writes profile data outside the job (distcc compiles "
                               "these units on the client)",
                               k_profile);
        } else if (option.starts_with("-resource-dir") || option == "-aux-info" ||
                   option.starts_with("-ccc-")) {
            m_refused = refuse(option, "names a file or directory outside the job", k_file);
        } else {
            return std::nullopt;
        }
        return Takes::nothing;
    }

    // Options whose value is a separate word, or joined to their name.
    std::optional<Takes> classify_valued(std::string_view option) {
        // Paths: every one must lie in the job (checked once the job's files are known).
        static constexpr std::array<std::string_view, 7> k_joinable_paths{
            "-I", "-isystem", "-iquote", "-idirafter", "-isysroot", "--sysroot", "-MF"};
        static constexpr std::array<std::string_view, 7> k_separate_paths{
            "-include",           "-imacros", "-iprefix", "-iwithprefix",
            "-iwithprefixbefore", "-dumpdir", "-dumpbase"};
        // Values that name no file: macros, dependency targets, libraries never linked.
        static constexpr std::array<std::string_view, 7> k_joinable_texts{"-D", "-U", "-MT", "-MQ",
                                                                          "-L", "-l", "-u"};
        static constexpr std::array<std::string_view, 6> k_separate_texts{
            "-target", "--param", "-Xlinker", "-imultilib", "-imultiarch", "-dumpbase-ext"};
        static constexpr std::array<std::string_view, 8> k_joined_texts{
            "--param=", "--target=", "-std=",       "-stdlib=",
            "-rtlib=",  "--rtlib=",  "-unwindlib=", "--unwindlib="};
        if (contains(k_joinable_paths, option) || contains(k_separate_paths, option)) {
            return Takes::path;
        }
        if (contains(k_joinable_texts, option) || contains(k_separate_texts, option)) {
            return Takes::text;
        }
        for (auto name : k_joinable_paths) {
            if (option.starts_with(name)) {
                auto value = option.substr(name.size());
                value.remove_prefix(value.starts_with("=") ? 1 : 0);
                if (!refuse_response_file(value)) {
                    m_paths.push_back({std::string(option), std::string(value)});
                }
                return Takes::nothing;
            }
        }
        for (auto names : {std::span<const std::string_view>(k_joinable_texts),
                           std::span<const std::string_view>(k_joined_texts)}) {
            for (auto name : names) {
                if (option.starts_with(name)) {
                    // The driver may hand a joined value on as a word of its own.
                    refuse_response_file(option.substr(name.size()));
                    return Takes::nothing;
                }
            }
        }
        if (option == "-x") {
            return Takes::language;
        }
        if (option == "-Xassembler") {
            return Takes::assembler;
        }
        if (option == "-Xpreprocessor") {
            return Takes::preprocessor;
        }
        if (option == "-Xclang") {
            return Takes::xclang;
        }
        if (option == "-mllvm") {
            return Takes::mllvm;
        }
        return std::nullopt;
    }

    // The large families: -f, -m, -W, -O, -g, -d, and the joined forms of -x.
    Takes classify_family(std::string_view option) {
        if (option.starts_with("-Wa,")) {
            take_comma_separated(option.substr(4),
                                 [this](std::string_view item) { take_assembler_option(item); });
        } else if (option.starts_with("-Wp,")) {
            take_preprocessor_options(option.substr(4));
        } else if (option.starts_with("-Wl,") || (option.starts_with("-W") && option.size() > 2) ||
                   option == "-W") {
            // warnings; linker options (nothing is linked)
        } else if (option.starts_with("-f")) {
            classify_f_option(option);
        } else if (option.starts_with("-m")) {
            if (option.find('/') != std::string_view::npos) {
                m_refused = refuse(option, "names a path outside the job", k_file);
            }
        } else if (option.starts_with("-O") || option.starts_with("-g")) {
            // optimisation and debug information
        } else if (option.starts_with("-x") && is_language(option.substr(2))) {
            // -xc
        } else if (option.size() > 2 && option.starts_with("-d") && !option.starts_with("-dump") &&
                   std::ranges::all_of(option.substr(2), [](char c) {
                       return std::isalpha(static_cast<unsigned char>(c));
                   })) {
            // -dM, -dD, and the debugging dumps (written beside the object, cleaned up after)
        } else {
            m_refused = unknown(option);
        }
        return Takes::nothing;
    }

    void classify_f_option(std::string_view option) {
        auto name = option.substr(2);
        if (name.starts_with("no-")) {
            name.remove_prefix(3);
        }
        auto equals = name.find('=');
        bool has_value = equals != std::string_view::npos;
        bool names_path = has_value && name.substr(equals).find('/') != std::string_view::npos;
        if (starts_with_any(k_file_f_options, name) ||
            ((name.starts_with("dump-") || name.starts_with("opt-info")) && has_value)) {
            m_refused = refuse(option, "reads or writes a file the client names", k_file);
        } else if (names_path && !starts_with_any(k_path_text_f_options, name)) {
            m_refused = refuse(option, "names a path outside the job", k_file);
        }
    }

    template <typename Take> void take_comma_separated(std::string_view list, Take take) {
        while (!m_refused) {
            auto comma = list.find(',');
            take(list.substr(0, comma));
            if (comma == std::string_view::npos) {
                break;
            }
            list.remove_prefix(comma + 1);
        }
    }

    void take_assembler_option(std::string_view option) {
        if (m_assembler_value_pending) { // --defsym SYMBOL=VALUE
            m_assembler_value_pending = false;
            return;
        }
        if (option == "--defsym") {
            m_assembler_value_pending = true;
        } else if (option.starts_with("-a") || option == "--MD" || option.starts_with("-o") ||
                   option.starts_with("-I") || option.starts_with("@")) {
            m_refused =
                refuse(option, "makes the assembler read or write a file the client names", k_file);
        } else if (!contains(k_assembler_flags, option) &&
                   !starts_with_any(k_assembler_prefixes, option) &&
                   !(option.starts_with("-m") && option.find('/') == std::string_view::npos)) {
            m_refused = refuse(option,
                               "not an assembler option this worker knows to be safe (the client "
                               "compiles this unit itself)",
                               k_unknown);
        }
    }

    // -Wp,A,B: each a preprocessor option; a value is the next item.
    void take_preprocessor_options(std::string_view list) {
        std::vector<std::string> items;
        take_comma_separated(list, [&](std::string_view item) { items.emplace_back(item); });
        for (std::size_t i = 0; i < items.size() && !m_refused; ++i) {
            const auto& item = items[i];
            if (item.empty()) {
                continue;
            }
            if (!item.starts_with("-") || item.starts_with("-o") || item.starts_with("@")) {
                m_refused = refuse(item, "not a preprocessor option this worker allows", k_file);
                break;
            }
            auto takes = classify(item, true);
            if (m_refused || takes == Takes::nothing) {
                continue;
            }
            if (i + 1 >= items.size()) {
                m_refused = refuse(item, "its value is missing", k_job);
                break;
            }
            if (!refuse_response_file(items[i + 1])) {
                take_value(item, takes, items[++i]);
            }
        }
    }

    // -Xclang OPTION: a short list of front-end flags; -mllvm and -target-feature take the
    // next -Xclang's word as their value.
    void take_xclang(const std::string& value) {
        if (value == "-mllvm" || value == "-target-feature") {
            bool follows =
                m_index + 2 < m_arguments.size() && m_arguments[m_index + 1] == "-Xclang";
            if (!follows) {
                m_refused = refuse(value, "its value is missing (-Xclang VALUE)", k_job);
                return;
            }
            m_index += 2;
            if (value == "-mllvm") {
                take_mllvm(m_arguments[m_index]);
            } else {
                refuse_response_file(m_arguments[m_index]);
            }
            return;
        }
        bool loads = value.starts_with("-load") || value.find("plugin") != std::string::npos;
        if (loads) {
            m_refused = refuse("-Xclang " + value, "loads a compiler plugin", k_plugin);
            return;
        }
        bool flag = contains(k_xclang_flags, value) ||
                    ((value.starts_with("-f") || value.starts_with("-W")) &&
                     value.find_first_of("=/") == std::string::npos);
        if (!flag) {
            m_refused =
                refuse("-Xclang " + value,
                       "not a clang front-end option this worker knows to be safe", k_unknown);
        }
    }

    // -mllvm -NAME[=VALUE]: an LLVM option; anything it writes lands in the working directory,
    // which is the job's, so no path and nothing that loads.
    void take_mllvm(const std::string& value) {
        auto name = value.substr(0, value.find('='));
        std::string lower;
        std::ranges::transform(name, std::back_inserter(lower),
                               [](char c) { return static_cast<char>(std::tolower(c)); });
        if (lower.find("load") != std::string::npos || lower.find("plugin") != std::string::npos) {
            m_refused = refuse("-mllvm " + value, "loads a compiler plugin", k_plugin);
        } else if (!value.starts_with("-") || value.find('/') != std::string::npos ||
                   value.find("..") != std::string::npos) {
            m_refused = refuse("-mllvm " + value, "names a path outside the job", k_file);
        }
    }

    // After the words: one input and one output of distccd's, a compile, and every path
    // named inside the job.
    std::variant<JobFiles, Refused> check_job() {
        if (!m_compiles) {
            return refuse("", "no -c or -S: a worker compiles, it does not link", k_job);
        }
        if (!m_input || !m_output) {
            return refuse(m_input ? "-o" : "", m_input ? "no output" : "no input file", k_job);
        }
        auto temp_prefix = util::normalize_path(m_place.temp_dir) + "/distccd_";
        auto output = util::normalize_path(*m_output);
        if (!output.starts_with(temp_prefix) ||
            output.find('/', temp_prefix.size()) != std::string::npos) {
            return refuse(*m_output, "not the output distccd chose", k_job);
        }
        // distccd hands a pump job's source over as the client named it, relative to the
        // working directory it made for the job under its own.
        auto input =
            m_input->starts_with("/") ? *m_input : m_place.working_directory + "/" + *m_input;
        JobFiles files{util::normalize_path(input), output, m_output_index, m_output_joined,
                       std::nullopt};
        if (!files.input.starts_with(temp_prefix)) {
            return refuse(*m_input, "not the input distccd received", k_job);
        }
        if (auto slash = files.input.find('/', temp_prefix.size()); slash != std::string::npos) {
            files.pump_root = files.input.substr(0, slash);
        }
        for (std::size_t i = 0; i < m_paths.size(); ++i) {
            if (!is_inside_job(m_paths[i].path, files, i + 1 == m_paths.size())) {
                return refuse(m_paths[i].argument, "names a path outside the job", k_file);
            }
        }
        return files;
    }

    // A relative path stays in the working directory (the guard's own for a plain job, the
    // job's directory for a pump job), an absolute one in the pump job's directory. The one
    // exception: the dependency file distccd itself adds to a pump job, last.
    bool is_inside_job(const std::string& path, const JobFiles& files, bool last) const {
        // A path that looks like an option would be read as one by some tool along the way.
        if (path.empty() || path.starts_with("-")) {
            return false;
        }
        if (!files.pump_root) {
            auto normal = util::normalize_path(path);
            return !path.starts_with("/") && normal != ".." && !normal.starts_with("../");
        }
        auto absolute = util::normalize_path(
            path.starts_with("/") ? path : m_place.working_directory + "/" + path);
        if (util::is_within(absolute, *files.pump_root)) {
            return true;
        }
        auto deps_prefix = util::normalize_path(m_place.temp_dir) + "/distcc_";
        return last && absolute.starts_with(deps_prefix) && absolute.ends_with(".deps") &&
               absolute.find('/', deps_prefix.size()) == std::string::npos;
    }

    std::span<const std::string> m_arguments;
    const JobPlace& m_place;
    std::size_t m_index = 0;
    std::optional<Refused> m_refused;
    std::optional<std::string> m_input;
    std::optional<std::string> m_output;
    std::size_t m_output_index = 0;
    bool m_output_joined = false;
    bool m_compiles = false;
    bool m_assembler_value_pending = false;
    std::vector<NamedPath> m_paths;
};

} // namespace

std::variant<JobFiles, Refused> check_arguments(std::span<const std::string> arguments,
                                                const JobPlace& place) {
    return Checker(arguments, place).run();
}

} // namespace guard
