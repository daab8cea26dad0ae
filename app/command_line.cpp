#include "app/command_line.hpp"

#include "app/cli11.hpp"
#include "app/environment_options.hpp"
#include "entrypoint/plan/daemon_arguments.hpp"
#include "supervisor/signal_names.hpp"
#include "util/boolean.hpp"
#include "util/exit_codes.hpp"
#include "util/number.hpp"
#include "util/refusal.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <fmt/format.h>
#include <string_view>

namespace app {
namespace {

// The raw text of each option, before validation; `source` names where it came from.
struct RawValue {
    std::string text;
    std::string source;
    bool from_environment = false;
};

[[noreturn]] void refuse(const std::string& message) {
    throw util::Refusal(util::k_exit_usage, message);
}

bool parse_flag(const RawValue& raw) {
    // tini treats a set TINI_* variable as "on" whatever its value.
    if (raw.source.starts_with("TINI_")) {
        return true;
    }
    auto value = util::parse_boolean(raw.text);
    if (!value) {
        refuse(fmt::format("{}={:?} is not a yes/no value: expected 1 or 0 (yes/no, true/false "
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
                refuse(fmt::format("{} {:?}: expected an exit code from 0 to 255", raw.source,
                                   std::string(word)));
            }
            codes.insert(*code);
        }
    }
    return codes;
}

std::chrono::milliseconds parse_grace(const RawValue& raw) {
    auto seconds = util::parse_decimal(raw.text);
    if (!seconds || *seconds < 0 || *seconds > 86400) {
        refuse(fmt::format("{} {:?}: expected a number of seconds from 0 to 86400 (e.g. 8 or 0.5)",
                           raw.source, raw.text));
    }
    return std::chrono::milliseconds(std::llround(*seconds * 1000));
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
    refuse(fmt::format("{} {:?}: expected one of trace, debug, info, warn, error, critical, off",
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
        refuse(fmt::format("{}={:?}: expected a number from 0 (silent) to 4 (trace)", raw.source,
                           raw.text));
    }
    return log_level_from_verbosity(*verbosity);
}

int parse_signal_option(const RawValue& raw) {
    auto signal_number = supervisor::parse_signal(raw.text);
    if (!signal_number) {
        refuse(fmt::format("{} {:?}: expected a signal name or number, e.g. SIGKILL or 9",
                           raw.source, raw.text));
    }
    return *signal_number;
}

entrypoint::Mode parse_mode_option(const RawValue& raw) {
    auto mode = entrypoint::parse_mode(raw.text);
    if (!mode) {
        refuse(fmt::format("{} {:?}: expected tcp or ssh", raw.source, raw.text));
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
    refuse(fmt::format("{} {:?}: expected text or json{}", raw.source, raw.text,
                       raw.from_environment ? " (or 1 / 0)" : ""));
}

std::uint16_t parse_port_option(const RawValue& raw) {
    auto port = util::parse_port(raw.text);
    if (!port) {
        refuse(fmt::format("{} {:?}: expected a TCP port from 1 to 65535", raw.source, raw.text));
    }
    return *port;
}

// The command-line options, each remembered by its table name ("-s", "--grace", ...).
class OptionSet {
  public:
    void add(const std::string& name, CLI::Option* option) { m_options[name] = option; }

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
    std::map<std::string, CLI::Option*> m_options;
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
        supervision.grace = parse_grace(*raw);
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
    if (auto raw = options.last("--timeout", environment)) {
        result.healthcheck.timeout = parse_grace(*raw);
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
        refuse(fmt::format("unknown option {:?}; put \"--\" before a program or daemon "
                           "arguments that start with \"-\"",
                           words.front()));
    }
    return words;
}

void declare_options(CLI::App& cli, OptionSet& options) {
    options.add(
        "-s",
        cli.add_flag("-s,--subreaper")->description("Register as child subreaper when not PID 1"));
    options.add("-g", cli.add_flag("-g,--kill-process-group")
                          ->description("Forward signals to the child's process group"));
    options.add("-e", cli.add_option("-e,--remap-exit", "Exit code CODE becomes 0 (repeatable)")
                          ->type_name("CODE")
                          ->allow_extra_args(false)
                          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll));
    options.add("-p",
                cli.add_option("-p,--parent-death-signal", "Signal to get when the parent dies")
                    ->type_name("SIGNAL"));
    options.add("-w",
                cli.add_flag("-w,--warn-on-reap")->description("Warn about each reaped zombie"));
    options.add("-v", cli.add_flag("-v,--verbose")
                          ->description("More log output: -v info, -vv debug, -vvv trace"));
    options.add("--log-level", cli.add_option("--log-level", "trace, debug, info, warn, error, "
                                                             "critical or off (default warn)")
                                   ->type_name("LEVEL"));
    options.add("--grace",
                cli.add_option("--grace", "Seconds from a forwarded TERM/INT to KILL (default 8)")
                    ->type_name("SECONDS"));
    options.add("--mode",
                cli.add_option("--mode", "Run a distcc worker: tcp or ssh")->type_name("MODE"));
    options.add("--dry-run", cli.add_flag("--dry-run{text}")
                                 ->description("Show what a start would do, change nothing "
                                               "(--dry-run=json for JSON)"));
}

// A subcommand's port option, given as text to a CLI11 string.
std::uint16_t parse_port_text(const std::string& option, const std::string& text) {
    return parse_port_option({text, "option " + option});
}

CLI::App* declare_healthcheck_subcommand(CLI::App& cli, OptionSet& options, CLI::Option*& deep) {
    auto* healthcheck = cli.add_subcommand("healthcheck", "Check the running worker (exit 0 or 1)");
    deep =
        healthcheck->add_flag("--deep")->description("Also compile a tiny source through distccd");
    options.add(
        "--timeout",
        healthcheck->add_option("--timeout", "Seconds allowed (default 5)")->type_name("SECONDS"));
    return healthcheck;
}

struct ToolchainsFlags {
    CLI::Option* json = nullptr;
    CLI::Option* labels = nullptr;
};

CLI::App* declare_toolchains_subcommand(CLI::App& cli, ToolchainsFlags& flags) {
    auto* toolchains = cli.add_subcommand(
        "toolchains", "Print the compilers a worker here serves, and under which names");
    flags.json = toolchains->add_flag("--json")->description("As JSON");
    flags.labels =
        toolchains->add_flag("--labels")->description("As image labels (KEY=VALUE lines)");
    flags.json->excludes(flags.labels);
    return toolchains;
}

// The metrics subcommand's values as given, validated after parsing.
struct MetricsTexts {
    std::string address = "0.0.0.0";
    std::string port;
    std::string worker = "tcp";
    std::string stats_address = "127.0.0.1";
    std::string stats_port = std::to_string(entrypoint::defaults::k_distccd_stats_port);
    std::string session_counts;
};

CLI::App* declare_metrics_subcommand(CLI::App& cli, MetricsTexts& texts) {
    auto* metrics =
        cli.add_subcommand("metrics", "Serve Prometheus metrics of the worker (run "
                                      "as a companion when DISTCC_METRICS_ENABLE is on)");
    metrics->add_option("--address", texts.address, "Address to listen on (default 0.0.0.0)")
        ->type_name("ADDRESS");
    metrics->add_option("--port", texts.port, "Port to listen on")->type_name("PORT")->required();
    metrics->add_option("--worker", texts.worker, "The worker's mode: tcp or ssh")
        ->type_name("MODE");
    metrics->add_option("--stats-address", texts.stats_address, "distccd's statistics address")
        ->type_name("ADDRESS");
    metrics->add_option("--stats-port", texts.stats_port, "distccd's statistics port")
        ->type_name("PORT");
    metrics->add_flag("--ccache")->description("Export ccache's statistics too");
    metrics->add_option("--session-counts", texts.session_counts, "The SSH relays' counts file")
        ->type_name("FILE");
    return metrics;
}

metrics::ServeOptions metrics_options(const MetricsTexts& texts, const CLI::App* metrics) {
    if (!entrypoint::parse_mode(texts.worker)) {
        refuse(fmt::format("option --worker {:?}: expected tcp or ssh", texts.worker));
    }
    metrics::ServeOptions options;
    options.address = texts.address;
    options.port = parse_port_text("--port", texts.port);
    options.sources.worker_mode = texts.worker;
    options.sources.stats_address = texts.stats_address;
    options.sources.stats_port = parse_port_text("--stats-port", texts.stats_port);
    options.sources.ccache = metrics->count("--ccache") > 0;
    if (!texts.session_counts.empty()) {
        options.sources.session_counts = texts.session_counts;
    }
    return options;
}

// The hosts subcommand's values as given, validated after parsing.
struct HostsTexts {
    std::vector<std::string> pool;
    std::string port = std::to_string(entrypoint::defaults::k_distccd_port);
    std::string stats_port;
    std::string metrics_port = std::to_string(entrypoint::defaults::k_metrics_port);
    std::string ssh_port = std::to_string(entrypoint::defaults::k_sshd_port);
    std::string ssh_user;
    std::string timeout = "2";
};

CLI::App* declare_hosts_subcommand(CLI::App& cli, HostsTexts& texts) {
    auto* hosts = cli.add_subcommand(
        "hosts", "Print a DISTCC_HOSTS line for the workers of a pool that answer (run it on a "
                 "client)");
    hosts->add_option("pool", texts.pool, "Worker addresses, or names that resolve to several")
        ->required()
        ->type_name("WORKER");
    hosts->add_option("--port", texts.port, "distccd's port (default 3632)")->type_name("PORT");
    hosts
        ->add_option("--stats-port", texts.stats_port,
                     "distccd's statistics port (default: its port + 1)")
        ->type_name("PORT");
    hosts->add_option("--metrics-port", texts.metrics_port, "The metrics port (default 3634)")
        ->type_name("PORT");
    hosts->add_flag("--ssh")->description("SSH workers: @host specs, sshd probed");
    hosts->add_option("--ssh-user", texts.ssh_user, "user@ in the SSH specs")->type_name("USER");
    hosts->add_option("--ssh-port", texts.ssh_port, "sshd's port, to probe (default 22)")
        ->type_name("PORT");
    hosts->add_flag("--lzo")->description("Compress what travels (,lzo)");
    hosts->add_option("--timeout", texts.timeout, "Seconds per worker (default 2)")
        ->type_name("SECONDS");
    return hosts;
}

// The ssh-front subcommand's values as given, validated after parsing.
struct FrontTexts {
    std::string address;
    std::string port;
    std::string max_connections = std::to_string(entrypoint::defaults::k_ssh_front_connections);
    std::vector<std::string> sshd_command;
};

CLI::App* declare_front_subcommand(CLI::App& cli, FrontTexts& texts) {
    auto* front = cli.add_subcommand(
        "ssh-front", "Accept SSH connections and start sshd -i for each, with TCP_NODELAY (the "
                     "ssh worker's tunnel mode runs it)");
    front->add_option("--address", texts.address, "Address to listen on (default: all)")
        ->type_name("ADDRESS");
    front->add_option("--port", texts.port, "Port to listen on")->type_name("PORT")->required();
    front->add_option("--max-connections", texts.max_connections, "Connections open at once")
        ->type_name("N");
    front->add_option("sshd", texts.sshd_command, "The sshd -i command line")->required();
    return front;
}

ssh_front::FrontOptions front_options(const FrontTexts& texts) {
    ssh_front::FrontOptions options;
    options.address = texts.address;
    options.port = parse_port_text("--port", texts.port);
    auto limit = util::parse_integer<int>(texts.max_connections);
    if (!limit || *limit < 1) {
        refuse(fmt::format("option --max-connections {:?}: expected a whole number from 1 up",
                           texts.max_connections));
    }
    options.max_connections = *limit;
    options.sshd_command = texts.sshd_command;
    return options;
}

client::HostsRequest hosts_request(const HostsTexts& texts, const CLI::App* hosts) {
    client::HostsRequest request;
    request.pool = texts.pool;
    auto& settings = request.settings;
    settings.ssh = hosts->count("--ssh") > 0;
    settings.ssh_user = texts.ssh_user;
    settings.lzo = hosts->count("--lzo") > 0;
    settings.distccd_port = parse_port_text("--port", texts.port);
    settings.stats_port = texts.stats_port.empty()
                              ? static_cast<std::uint16_t>(settings.distccd_port + 1)
                              : parse_port_text("--stats-port", texts.stats_port);
    settings.metrics_port = parse_port_text("--metrics-port", texts.metrics_port);
    settings.ssh_port = parse_port_text("--ssh-port", texts.ssh_port);
    request.timeout = parse_grace({texts.timeout, "option --timeout"});
    return request;
}

// The check subcommand's values as given, validated after parsing.
struct CheckTexts {
    std::vector<std::string> hosts;
    std::vector<std::string> compilers;
    std::string timeout = "30";
};

CLI::App* declare_check_subcommand(CLI::App& cli, CheckTexts& texts) {
    auto* check = cli.add_subcommand(
        "check", "Compile a probe through each host and compare its compiler with this "
                 "machine's (run it on a client)");
    check->add_option("hosts", texts.hosts, "Hosts as in DISTCC_HOSTS (default: it)")
        ->type_name("HOST");
    check
        ->add_option("--compiler", texts.compilers,
                     "A compiler to check (repeatable; default: $(gcc -dumpmachine)-gcc and "
                     "-g++, $CC, $CXX)")
        ->type_name("NAME")
        ->allow_extra_args(false);
    check->add_flag("--json")->description("As JSON");
    check->add_option("--timeout", texts.timeout, "Seconds per compile (default 30)")
        ->type_name("SECONDS");
    return check;
}

client::CheckRequest check_request(const CheckTexts& texts, const CLI::App* check) {
    // The top level stops at the first program word, so CLI11 lets a subcommand's unknown
    // options through: one typo would quietly check the default compilers.
    if (auto extra = check->remaining(); !extra.empty()) {
        refuse(fmt::format("check: unknown option {:?}", extra.front()));
    }
    client::CheckRequest request;
    request.hosts = texts.hosts;
    request.compilers = texts.compilers;
    request.json = check->count("--json") > 0;
    request.timeout = parse_grace({texts.timeout, "option --timeout"});
    if (request.timeout.count() == 0) {
        refuse("option --timeout \"0\": expected more than 0 seconds");
    }
    return request;
}

// Every subcommand's name, as declared below (SubcommandDeclarations checks it in debug
// builds).
constexpr std::array<std::string_view, 6> k_subcommand_names{"healthcheck", "metrics",    "hosts",
                                                             "ssh-front",   "toolchains", "check"};

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
    if (args.front().starts_with("-") ||
        std::ranges::find(k_subcommand_names, args.front()) != k_subcommand_names.end()) {
        return std::nullopt;
    }
    return args;
}

void require_program(const CommandLine& result) {
    if (result.mode == entrypoint::Mode::plain && result.arguments.empty()) {
        refuse("no program given: usage: distcc-init [OPTIONS] [--] PROGRAM [ARGS...] or "
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

class SubcommandDeclarations {
  public:
    explicit SubcommandDeclarations(const std::vector<std::string>& args)
        : m_args(args), m_all(asks_for_help(args)) {}

    // Calls declare() when NAME is to be declared; nullptr otherwise.
    template <typename Declare> CLI::App* declare(const std::string& name, Declare declare) const {
        // A subcommand missing from the list would be taken for a program without options.
        assert(std::ranges::find(k_subcommand_names, name) != k_subcommand_names.end());
        bool named = std::ranges::find(m_args, name) != m_args.end();
        return m_all || named ? declare() : nullptr;
    }

  private:
    const std::vector<std::string>& m_args;
    bool m_all;
};

bool was_parsed(const CLI::App* subcommand) {
    return subcommand != nullptr && subcommand->parsed();
}

} // namespace

CommandLine parse_command_line(const std::vector<std::string>& args,
                               const util::Environment& environment) {
    if (auto program = program_without_options(args)) {
        CommandLine result;
        auto log_level = apply_values(result, OptionSet{}, environment);
        result.arguments = std::move(*program);
        result.log_level = log_level.value_or(default_log_level(result));
        require_program(result);
        return result;
    }
    CLI::App cli{"PID 1 and entrypoint for distcc worker containers.\n"
                 "Usage: distcc-init [OPTIONS] [--] PROGRAM [ARGS...]\n"
                 "       distcc-init --mode tcp|ssh [OPTIONS] [--] [DAEMON ARGS | COMMAND...]",
                 "distcc-init"};
    cli.prefix_command();
    OptionSet options;
    declare_options(cli, options);
    auto* license = cli.add_flag("-l,--license")->description("Show the license and exit");
    auto* version = cli.add_flag("--version")->description("Show the version and exit");

    SubcommandDeclarations subcommands(args);
    CLI::Option* deep = nullptr;
    auto* healthcheck = subcommands.declare(
        "healthcheck", [&] { return declare_healthcheck_subcommand(cli, options, deep); });
    MetricsTexts metrics_texts;
    auto* metrics = subcommands.declare(
        "metrics", [&] { return declare_metrics_subcommand(cli, metrics_texts); });
    HostsTexts hosts_texts;
    auto* hosts =
        subcommands.declare("hosts", [&] { return declare_hosts_subcommand(cli, hosts_texts); });
    FrontTexts front_texts;
    auto* front = subcommands.declare("ssh-front",
                                      [&] { return declare_front_subcommand(cli, front_texts); });

    ToolchainsFlags toolchains_flags;
    auto* toolchains = subcommands.declare(
        "toolchains", [&] { return declare_toolchains_subcommand(cli, toolchains_flags); });

    CheckTexts check_texts;
    auto* check =
        subcommands.declare("check", [&] { return declare_check_subcommand(cli, check_texts); });

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
        result.action = Action::show_help;
        result.help_text = cli.help();
        return result;
    } catch (const CLI::ParseError& error) {
        refuse(error.what());
    }
    if (license->count() > 0) {
        result.action = Action::show_license;
    } else if (version->count() > 0) {
        result.action = Action::show_version;
    } else if (was_parsed(healthcheck)) {
        result.action = Action::healthcheck;
        result.healthcheck.deep = deep->count() > 0;
    } else if (was_parsed(metrics)) {
        result.action = Action::metrics;
        result.metrics = metrics_options(metrics_texts, metrics);
    } else if (was_parsed(hosts)) {
        result.action = Action::hosts;
        result.hosts = hosts_request(hosts_texts, hosts);
    } else if (was_parsed(front)) {
        result.action = Action::ssh_front;
        result.ssh_front = front_options(front_texts);
    } else if (was_parsed(check)) {
        result.action = Action::check;
        result.check = check_request(check_texts, check);
    } else if (was_parsed(toolchains)) {
        result.action = Action::toolchains;
        using entrypoint::ToolchainsFormat;
        result.toolchains_format = toolchains_flags.json->count() > 0     ? ToolchainsFormat::json
                                   : toolchains_flags.labels->count() > 0 ? ToolchainsFormat::labels
                                                                          : ToolchainsFormat::text;
    } else {
        require_program(result);
    }
    return result;
}

} // namespace app
