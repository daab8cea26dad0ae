#pragma once

#include "app/command_line.hpp"

#include <memory>
#include <span>
#include <string_view>

namespace CLI {
class App;
}

namespace app::subcommands {

// One subcommand of distcc-init (`healthcheck`, `hosts`, ...). It is declared only when the
// command line names it (declaring costs more than parsing, and a worker's start names none),
// and after a parse that selected it, it turns what was given into the command line's action.
// Unknown options and stray words are refused for every subcommand alike, by the parser.
class Subcommand {
  public:
    Subcommand() = default;
    Subcommand(const Subcommand&) = delete;
    Subcommand& operator=(const Subcommand&) = delete;
    virtual ~Subcommand() = default;

    // Adds the subcommand and its options to CLI; returns it.
    virtual CLI::App* declare(CLI::App& cli) = 0;
    // Validates the values given (a bad one throws util::Refusal, exit 2) and fills RESULT.
    virtual void fill(CommandLine& result) const = 0;
};

struct Entry {
    std::string_view name;
    std::unique_ptr<Subcommand> (*make)();
};

// Every subcommand, in the order help lists them: the one list of their names.
std::span<const Entry> all_subcommands();

std::unique_ptr<Subcommand> make_healthcheck();
std::unique_ptr<Subcommand> make_metrics();
std::unique_ptr<Subcommand> make_hosts();
std::unique_ptr<Subcommand> make_ssh_front();
std::unique_ptr<Subcommand> make_toolchains();
std::unique_ptr<Subcommand> make_check();
std::unique_ptr<Subcommand> make_cache_watch();

} // namespace app::subcommands
