#pragma once

#include "entrypoint/mode.hpp"
#include "supervisor/settings.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <spdlog/common.h>
#include <string>
#include <variant>
#include <vector>

namespace app {

using Environment = std::map<std::string, std::string>;

enum class Action { run, healthcheck, relay, show_version, show_license, show_help };
enum class DryRun { off, text, json };

struct HealthcheckOptions {
    bool deep = false; // compile a tiny source through the daemon
    std::chrono::milliseconds timeout{std::chrono::seconds(5)};
};

struct RelayOptions {
    std::uint16_t port = 3632; // the loopback distccd
    bool compile_only = false; // refuse every session command but distccd
};

// Everything the command line and the DISTCC_INIT_* / TINI_* environment ask for.
struct CommandLine {
    Action action = Action::run;
    supervisor::Settings supervision;                          // -s -g -e -p -w --grace
    spdlog::level::level_enum log_level = spdlog::level::warn; // -v / --log-level
    entrypoint::Mode mode = entrypoint::Mode::plain;           // --mode
    DryRun dry_run = DryRun::off;                              // --dry-run
    std::vector<std::string> arguments; // PROGRAM ARGS, or the daemon's extra ARGS
    HealthcheckOptions healthcheck;
    RelayOptions relay;
    std::string help_text; // filled for Action::show_help
};

// A command line or environment value that cannot be used; exit code 2.
struct UsageError {
    std::string message;
};

// Parses argv (without argv[0]) with the environment as defaults; the command line wins.
std::variant<CommandLine, UsageError> parse_command_line(const std::vector<std::string>& args,
                                                         const Environment& environment);

} // namespace app
