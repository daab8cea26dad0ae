#include "app/command_line.hpp"

#include "app/cli11.hpp"
#include "app/environment_options.hpp"
#include "app/option_values.hpp"
#include "app/subcommands/subcommand.hpp"
#include "entrypoint/plan/daemon_arguments.hpp"
#include "supervisor/signal_names.hpp"
#include "util/boolean.hpp"
#include "util/exit_codes.hpp"
#include "util/number.hpp"
#include "util/refusal.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <memory>
#include <string_view>

namespace app {
namespace {

bool parse_flag(const RawValue& raw) {
    // tini treats a set TINI_* variable as "on" whatever its value.
    if (raw.source.starts_with("TINI_")) {
        return true;
    }
    auto value = util::parse_boolean(raw.text);
    if (!value) {
        refuse_usage(
            fmt::format("{}={:?} is not a yes/no value: expected 1 or 0 (yes/no, true/false "
                        "and on/off are understood too)",
                        raw.source, raw.text));
    }
    return *value;
}

std::set<int> parse_exit_codes(const std::vector<RawValue>& values) {
    std::set<int> codes;
    for (const auto& raw : values) {
        std::string_view rest = raw.text;
        while (!rest.empty()) {
            auto comma = rest.find_first_of(", ");
            auto word = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            if (word.empty()) {
                continue;
            }
            auto code = util::parse_integer<int>(word);
            if (!code || *code < 0 || *code > 255) {
                refuse_usage(fmt::format("{} {:?}: expected an exit code from 0 to 255", raw.source,
                                         std::string(word)));
            }
            codes.insert(*code);
        }
    }
    return codes;
}

spdlog::level::level_enum parse_log_level(const RawValue& raw) {
    for (int level = spdlog::level::trace; level <= spdlog::level::off; ++level) {
        auto as_level = static_cast<spdlog::level::level_enum>(level);
        if (spdlog::level::to_string_view(as_level) == raw.text) {
            return as_level;
        }
    }
    if (raw.text == "warning") {
        return spdlog::level::warn;
    }
    refuse_usage(
        fmt::format("{} {:?}: expected one of trace, debug, info, warn, error, critical, off",
                    raw.source, raw.text));
}

spdlog::level::level_enum log_level_from_verbosity(int verbosity) {
    static constexpr std::array k_levels{spdlog::level::off, spdlog::level::warn,
                                         spdlog::level::info, spdlog::level::debug,
                                         spdlog::level::trace};
    return k_levels[static_cast<std::size_t>(std::clamp(verbosity, 0, 4))];
}

spdlog::level::level_enum parse_tini_verbosity(const RawValue& raw) {
    auto verbosity = util::parse_integer<int>(raw.text);
    if (!verbosity || *verbosity < 0) {
        refuse_usage(fmt::format("{}={:?}: expected a number from 0 (silent) to 4 (trace)",
                                 raw.source, raw.text));
    }
    return log_level_from_verbosity(*verbosity);
}

int parse_signal_option(const RawValue& raw) {
    auto signal_number = supervisor::parse_signal(raw.text);
    if (!signal_number) {
        refuse_usage(fmt::format("{} {:?}: expected a signal name or number, e.g. SIGKILL or 9",
                                 raw.source, raw.text));
    }
    return *signal_number;
}

entrypoint::Mode parse_mode_option(const RawValue& raw) {
    auto mode = entrypoint::parse_mode(raw.text);
    if (!mode) {
        refuse_usage(fmt::format("{} {:?}: expected tcp or ssh", raw.source, raw.text));
    }
    return *mode;
}

entrypoint::DryRunFormat parse_dry_run(const RawValue& raw) {
    using entrypoint::DryRunFormat;
    if (raw.text == "text" || raw.text == "json") {
        return raw.text == "json" ? DryRunFormat::json : DryRunFormat::text;
    }
    // In the environment the one yes/no rule applies too: on means text.
    if (auto value = raw.from_environment ? util::parse_boolean(raw.text) : std::nullopt) {
        return *value ? DryRunFormat::text : DryRunFormat::none;
    }
    refuse_usage(fmt::format("{} {:?}: expected text or json{}", raw.source, raw.text,
                             raw.from_environment ? " (or 1 / 0)" : ""));
}

// The command-line options, each remembered by its table name ("-s", "--grace", ...).
// Declaring an option costs more than parsing it (most of a start-up's work as PID 1), so a
// command line declares only the options its words name, as with the subcommands; help
// declares them all, to list them. An option given but not declared is an unknown option.
class OptionSet {
  public:
    // ARGS: the command line; its words before the first "--" may name options.
    OptionSet(const std::vector<std::string>& args, bool declare_all) : m_declare_all(declare_all) {
        auto end = std::ranges::find(args, "--");
        m_words.assign(args.begin(), end);
    }

    // Declares the option NAMES (CLI11's spelling, e.g. "-s,--subreaper") through DECLARE
    // when a word names it; returns it, or nullptr.
    template <typename Declare> CLI::Option* declare(std::string_view names, Declare declare) {
        if (!m_declare_all && !is_named(names)) {
            return nullptr;
        }
        auto* option = declare(std::string(names));
        m_options[std::string(table_name(names))] = option;
        return option;
    }

    // The values given on the command line, else the environment's, else nothing.
    std::vector<RawValue> values(const std::string& name,
                                 const util::Environment& environment) const {
        auto found = m_options.find(name);
        if (found != m_options.end() && found->second->count() > 0) {
            std::vector<RawValue> given;
            for (const auto& text : found->second->results()) {
                given.push_back({text, "option " + name});
            }
            return given;
        }
        if (auto variable = find_environment_value(name, environment)) {
            return {{variable->second, variable->first, true}};
        }
        return {};
    }

    std::optional<RawValue> last(const std::string& name,
                                 const util::Environment& environment) const {
        auto all = values(name, environment);
        return all.empty() ? std::nullopt : std::optional(all.back());
    }

    std::size_t count(const std::string& name) const {
        auto found = m_options.find(name);
        return found == m_options.end() ? 0 : found->second->count();
    }

  private:
    // "-s,--subreaper" -> "-s"; "--dry-run{text}" -> "--dry-run".
    static std::string_view table_name(std::string_view names) {
        return names.substr(0, names.find_first_of(",{"));
    }

    // A word `--long`, `--long=VALUE`, or a group of short flags holding the letter (`-sg`,
    // `-e143`: declaring one too many costs a little, one too few would refuse the line).
    bool is_named(std::string_view names) const {
        names = names.substr(0, names.find('{'));
        while (!names.empty()) {
            auto name = names.substr(0, names.find(','));
            names.remove_prefix(std::min(names.size(), name.size() + 1));
            bool named = std::ranges::any_of(m_words, [&](std::string_view word) {
                if (name.starts_with("--")) {
                    return word == name || (word.starts_with(name) && word[name.size()] == '=');
                }
                return word.size() > 1 && word[0] == '-' && word[1] != '-' &&
                       word.find(name[1], 1) != std::string_view::npos;
            });
            if (named) {
                return true;
            }
        }
        return false;
    }

    bool m_declare_all;
    std::vector<std::string> m_words;
    std::map<std::string, CLI::Option*, std::less<>> m_options;
};

void apply_supervision_values(supervisor::Settings& supervision, const OptionSet& options,
                              const util::Environment& environment) {
    if (auto raw = options.last("-s", environment)) {
        supervision.register_subreaper = parse_flag(*raw);
    }
    if (auto raw = options.last("-g", environment)) {
        supervision.signal_process_group = parse_flag(*raw);
    }
    if (auto raw = options.last("-w", environment)) {
        supervision.warn_on_reap = parse_flag(*raw);
    }
    supervision.exit_codes_remapped_to_zero = parse_exit_codes(options.values("-e", environment));
    if (auto raw = options.last("-p", environment)) {
        supervision.parent_death_signal = parse_signal_option(*raw);
    }
    if (auto raw = options.last("--grace", environment)) {
        supervision.grace = parse_seconds(*raw);
    }
}

// Precedence: --log-level, then -v, then DISTCC_INIT_LOG_LEVEL, then TINI_VERBOSITY.
std::optional<spdlog::level::level_enum> choose_log_level(const OptionSet& options,
                                                          const util::Environment& environment) {
    if (options.count("--log-level") > 0) {
        return parse_log_level(*options.last("--log-level", environment));
    }
    if (auto verbosity = options.count("-v"); verbosity > 0) {
        return log_level_from_verbosity(1 + static_cast<int>(verbosity));
    }
    if (auto raw = options.last("--log-level", environment)) {
        return parse_log_level(*raw);
    }
    if (auto raw = options.last("-v", environment)) {
        return parse_tini_verbosity(*raw);
    }
    return std::nullopt;
}

// A worker daemon says at start what it set up (job count, host key fingerprints), for
// `docker logs`. The plain init and a one-shot command in a worker image (`docker run IMAGE
// ccache -s`) stay quiet unless something is wrong: the output is the command's own.
spdlog::level::level_enum default_log_level(const CommandLine& result) {
    bool runs_daemon = result.mode != entrypoint::Mode::plain &&
                       entrypoint::arguments_are_daemon_options(result.arguments);
    return runs_daemon ? spdlog::level::info : spdlog::level::warn;
}

// Fills every value but the log level, whose default depends on the arguments: returns the
// level asked for, if any.
std::optional<spdlog::level::level_enum> apply_values(CommandLine& result, const OptionSet& options,
                                                      const util::Environment& environment) {
    apply_supervision_values(result.supervision, options, environment);
    if (auto raw = options.last("--mode", environment)) {
        result.mode = parse_mode_option(*raw);
    }
    if (auto raw = options.last("--dry-run", environment)) {
        result.dry_run = parse_dry_run(*raw);
    }
    return choose_log_level(options, environment);
}

// With prefix_command() parsing stops at the first word that is not an option; an unknown
// option lands there too and must not be taken for a program name.
std::vector<std::string> words_after_options(const CLI::App& cli) {
    auto words = cli.remaining();
    if (!words.empty() && words.front() == "--") {
        words.erase(words.begin());
    } else if (!words.empty() && words.front().starts_with("-") && words.front() != "-") {
        refuse_usage(fmt::format("unknown option {:?}; put \"--\" before a program or daemon "
                                 "arguments that start with \"-\"",
                                 words.front()));
    }
    return words;
}

void declare_options(CLI::App& cli, OptionSet& options) {
    options.declare("-s,--subreaper", [&](const std::string& names) {
        return cli.add_flag(names)->description("Register as child subreaper when not PID 1");
    });
    options.declare("-g,--kill-process-group", [&](const std::string& names) {
        return cli.add_flag(names)->description("Forward signals to the child's process group");
    });
    options.declare("-e,--remap-exit", [&](const std::string& names) {
        return cli.add_option(names, "Exit code CODE becomes 0 (repeatable)")
            ->type_name("CODE")
            ->allow_extra_args(false)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    });
    options.declare("-p,--parent-death-signal", [&](const std::string& names) {
        return cli.add_option(names, "Signal to get when the parent dies")->type_name("SIGNAL");
    });
    options.declare("-w,--warn-on-reap", [&](const std::string& names) {
        return cli.add_flag(names)->description("Warn about each reaped zombie");
    });
    options.declare("-v,--verbose", [&](const std::string& names) {
        return cli.add_flag(names)->description("More log output: -v info, -vv debug, -vvv trace");
    });
    options.declare("--log-level", [&](const std::string& names) {
        return cli
            .add_option(names, "trace, debug, info, warn, error, critical or off (default warn)")
            ->type_name("LEVEL");
    });
    options.declare("--grace", [&](const std::string& names) {
        return cli.add_option(names, "Seconds from a forwarded TERM/INT to KILL (default 8)")
            ->type_name("SECONDS");
    });
    options.declare("--mode", [&](const std::string& names) {
        return cli.add_option(names, "Run a distcc worker: tcp or ssh")->type_name("MODE");
    });
    options.declare("--dry-run{text}", [&](const std::string& names) {
        return cli.add_flag(names)->description(
            "Show what a start would do, change nothing (--dry-run=json for JSON)");
    });
    options.declare("-l,--license", [&](const std::string& names) {
        return cli.add_flag(names)->description("Show the license and exit");
    });
    options.declare("--version", [&](const std::string& names) {
        return cli.add_flag(names)->description("Show the version and exit");
    });
}

// CLI::App's public constructor declares -h/--help at once; this one only when a word asks for
// help. Subcommands take their help flag from it.
class TopLevel : public CLI::App {
  public:
    explicit TopLevel(bool with_help)
        : CLI::App("PID 1 and entrypoint for distcc worker containers.\n"
                   "Usage: distcc-init [OPTIONS] [--] PROGRAM [ARGS...]\n"
                   "       distcc-init --mode tcp|ssh [OPTIONS] [--] [DAEMON ARGS | COMMAND...]",
                   "distcc-init", nullptr) {
        if (with_help) {
            set_help_flag("-h,--help", "Print this help message and exit");
        }
    }
};

bool is_subcommand_name(std::string_view word) {
    return std::ranges::any_of(subcommands::all_subcommands(),
                               [&](const auto& entry) { return entry.name == word; });
}

// The program words of a command line that gives no option, `distcc-init [--] PROGRAM
// [ARGS...]` (tini's usual form, every setting from the environment): there is nothing for
// CLI11 to parse, and declaring its options would be most of a start-up's work. nullopt when
// the first word is an option or a subcommand.
std::optional<std::vector<std::string>>
program_without_options(const std::vector<std::string>& args) {
    if (args.empty()) {
        return std::nullopt;
    }
    if (args.front() == "--") {
        return std::vector<std::string>(args.begin() + 1, args.end());
    }
    if (args.front().starts_with("-") || is_subcommand_name(args.front())) {
        return std::nullopt;
    }
    return args;
}

void require_program(const CommandLine& result) {
    if (result.mode == entrypoint::Mode::plain && result.arguments.empty()) {
        refuse_usage("no program given: usage: distcc-init [OPTIONS] [--] PROGRAM [ARGS...] or "
                     "distcc-init --mode tcp|ssh [--] [ARGS...]");
    }
}

// Declaring a subcommand costs more than parsing: a worker's start and each healthcheck
// declare only the subcommands their arguments name (a word equal to the name; a subcommand
// not named cannot be parsed anyway), and help declares them all, to list them.
bool asks_for_help(const std::vector<std::string>& args) {
    return std::ranges::any_of(args, [](const std::string& word) {
        return word == "--help" || (word.size() > 1 && word[0] == '-' && word[1] != '-' &&
                                    word.find('h') != std::string::npos);
    });
}

// The subcommands a command line names (all of them when it asks for help), declared.
struct DeclaredSubcommand {
    CLI::App* app;
    std::unique_ptr<subcommands::Subcommand> subcommand;
};

std::vector<DeclaredSubcommand>
declare_subcommands(CLI::App& cli, const std::vector<std::string>& args, bool all) {
    std::vector<DeclaredSubcommand> declared;
    for (const auto& entry : subcommands::all_subcommands()) {
        if (all || std::ranges::find(args, entry.name) != args.end()) {
            auto subcommand = entry.make();
            auto* app = subcommand->declare(cli);
            // Not a prefix command like the top level: options may follow the subcommand's
            // words, and every word it does not know is kept for refuse_unknown_words().
            app->prefix_command(false)->allow_extras(true);
            declared.push_back({app, std::move(subcommand)});
        }
    }
    return declared;
}

// A subcommand takes no word it does not know. CLI11 would keep such words aside and carry on,
// so that `healthcheck --deeep` in a HEALTHCHECK line would quietly check less. "--" is kept
// aside too, as a marker; words after it that no positional of the subcommand takes are
// handed back to the top level, which would take them for a program.
void refuse_unknown_words(const CLI::App& cli, const CLI::App& subcommand) {
    auto words = subcommand.remaining();
    auto top_level = cli.remaining();
    words.insert(words.end(), top_level.begin(), top_level.end());
    auto unknown = std::ranges::find_if(words, [](const auto& word) { return word != "--"; });
    if (unknown == words.end()) {
        return;
    }
    const auto& name = subcommand.get_name();
    bool option = unknown->size() > 1 && unknown->starts_with("-");
    refuse_usage(fmt::format("{}: {} {:?} (distcc-init {} --help lists what it takes)", name,
                             option ? "unknown option" : "unexpected word", *unknown, name));
}

const DeclaredSubcommand* selected_subcommand(const std::vector<DeclaredSubcommand>& declared) {
    auto selected =
        std::ranges::find_if(declared, [](const auto& one) { return one.app->parsed(); });
    return selected == declared.end() ? nullptr : &*selected;
}

} // namespace

CommandLine parse_command_line(const std::vector<std::string>& args,
                               const util::Environment& environment) {
    if (auto program = program_without_options(args)) {
        CommandLine result;
        auto log_level = apply_values(result, OptionSet({}, false), environment);
        result.arguments = std::move(*program);
        result.log_level = log_level.value_or(default_log_level(result));
        require_program(result);
        return result;
    }
    bool help = asks_for_help(args);
    TopLevel cli(help);
    cli.prefix_command();
    OptionSet options(args, help);
    declare_options(cli, options);

    auto declared = declare_subcommands(cli, args, help);

    std::vector<const char*> argv{"distcc-init"};
    for (const auto& arg : args) {
        argv.push_back(arg.c_str());
    }
    CommandLine result;
    try {
        cli.parse(static_cast<int>(argv.size()), argv.data());
        auto log_level = apply_values(result, options, environment);
        result.arguments = words_after_options(cli);
        result.log_level = log_level.value_or(default_log_level(result));
    } catch (const CLI::CallForHelp&) {
        // `toolchains pack --help` asks for help with something that does not exist.
        if (const auto* selected = selected_subcommand(declared)) {
            refuse_unknown_words(cli, *selected->app);
        }
        result.action = Action::show_help;
        result.help_text = cli.help();
        return result;
    } catch (const CLI::ParseError& error) {
        refuse_usage(error.what());
    }
    if (options.count("-l") > 0) {
        result.action = Action::show_license;
    } else if (options.count("--version") > 0) {
        result.action = Action::show_version;
    } else if (const auto* selected = selected_subcommand(declared)) {
        refuse_unknown_words(cli, *selected->app);
        selected->subcommand->fill(result);
    } else {
        require_program(result);
    }
    return result;
}

} // namespace app
