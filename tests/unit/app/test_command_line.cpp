#include "app/command_line.hpp"
#include "util/exit_codes.hpp"
#include "util/refusal.hpp"

#include <csignal>
#include <doctest/doctest.h>

using app::Action;
using app::CommandLine;
using app::parse_command_line;
using entrypoint::DryRunFormat;
using util::Environment;

namespace {

CommandLine parse_ok(const std::vector<std::string>& args, const Environment& environment = {}) {
    try {
        return parse_command_line(args, environment);
    } catch (const util::Refusal& refusal) {
        FAIL_CHECK("unexpected refusal: " << std::string(refusal.what()));
        return {};
    }
}

// The refusal's message; every one of them exits 2.
std::string parse_error(const std::vector<std::string>& args, const Environment& environment = {}) {
    try {
        parse_command_line(args, environment);
    } catch (const util::Refusal& refusal) {
        CHECK(refusal.exit_code() == util::k_exit_usage);
        return refusal.what();
    }
    return "(parsed without error)";
}

using Words = std::vector<std::string>;

} // namespace

TEST_CASE("app::parse_command_line stops at the first word of the program") {
    auto command = parse_ok({"sh", "-c", "exit 3"});
    CHECK(command.action == Action::run);
    CHECK(command.arguments == Words{"sh", "-c", "exit 3"});
    CHECK(parse_ok({"-s", "--", "-weird-program", "-s"}).arguments ==
          Words{"-weird-program", "-s"});
    CHECK(parse_ok({"echo", "healthcheck"}).arguments == Words{"echo", "healthcheck"});
    CHECK(parse_ok({"-v", "sh", "-v"}).log_level == spdlog::level::info);
}

TEST_CASE("app::parse_command_line without options reads the environment alone") {
    // No option: CLI11 is skipped; the results must be those of the parsed form.
    CHECK(parse_ok({"--", "--", "x"}).arguments == Words{"--", "x"});
    CHECK(parse_ok({"-s", "--", "--", "x"}).arguments == Words{"--", "x"});
    CHECK(parse_ok({"x", "--", "-h"}).arguments == Words{"x", "--", "-h"});
    CHECK(parse_ok({"--", "x"}, {{"DISTCC_INIT_MODE", "tcp"}}).mode == entrypoint::Mode::tcp);
    CHECK(parse_ok({"--"}, {{"DISTCC_INIT_MODE", "ssh"}}).arguments.empty());
    CHECK(parse_error({"--"}).find("no program given") != std::string::npos);
    CHECK(parse_error({"x"}, {{"DISTCC_INIT_GRACE", "soon"}}).find("DISTCC_INIT_GRACE") !=
          std::string::npos);
}

TEST_CASE("app::parse_command_line declares the subcommands it needs") {
    CHECK(parse_ok({"-v", "healthcheck"}).action == Action::healthcheck);
    CHECK(parse_ok({"--log-level", "info", "toolchains", "--json"}).toolchains_format ==
          entrypoint::ToolchainsFormat::json);
    CHECK(parse_ok({"-s", "echo", "check"}).arguments == Words{"echo", "check"});
    for (const auto* help : {"-h", "--help", "-vh"}) {
        auto text = parse_ok({help}).help_text;
        for (const auto* name :
             {"healthcheck", "metrics", "hosts", "ssh-front", "toolchains", "check"}) {
            CHECK_MESSAGE(text.find(name) != std::string::npos, help << " lists " << name);
        }
    }
}

TEST_CASE("app::parse_command_line tini flags") {
    auto command = parse_ok({"-s", "-g", "-w", "-e", "3", "-e", "4", "-p", "SIGKILL", "true"});
    CHECK(command.supervision.register_subreaper);
    CHECK(command.supervision.signal_process_group);
    CHECK(command.supervision.warn_on_reap);
    CHECK(command.supervision.exit_codes_remapped_to_zero == std::set<int>{3, 4});
    CHECK(command.supervision.parent_death_signal == SIGKILL);
    SUBCASE("verbosity") {
        CHECK(parse_ok({"true"}).log_level == spdlog::level::warn);
        CHECK(parse_ok({"-v", "true"}).log_level == spdlog::level::info);
        CHECK(parse_ok({"-vv", "true"}).log_level == spdlog::level::debug);
        CHECK(parse_ok({"-vvv", "true"}).log_level == spdlog::level::trace);
        CHECK(parse_ok({"-v", "-v", "true"}).log_level == spdlog::level::debug);
    }
    SUBCASE("a worker daemon logs its start-up, a one-shot command in a worker image does not") {
        CHECK(parse_ok({"--mode", "tcp"}).log_level == spdlog::level::info);
        CHECK(parse_ok({"--mode", "ssh", "--", "-p", "2222"}).log_level == spdlog::level::info);
        CHECK(parse_ok({"--mode", "tcp", "--", "ccache", "-s"}).log_level == spdlog::level::warn);
        CHECK(parse_ok({"--mode", "tcp", "-v", "--", "ccache", "-s"}).log_level ==
              spdlog::level::info);
    }
    SUBCASE("informational actions") {
        CHECK(parse_ok({"-l"}).action == Action::show_license);
        CHECK(parse_ok({"--version"}).action == Action::show_version);
        auto help = parse_ok({"-h"});
        CHECK(help.action == Action::show_help);
        CHECK(help.help_text.find("--grace") != std::string::npos);
    }
}

TEST_CASE("app::parse_command_line environment") {
    SUBCASE("tini's variables: set means on") {
        auto command =
            parse_ok({"true"}, {{"TINI_SUBREAPER", ""}, {"TINI_KILL_PROCESS_GROUP", "0"}});
        CHECK(command.supervision.register_subreaper);
        CHECK(command.supervision.signal_process_group);
    }
    SUBCASE("DISTCC_INIT_* variables") {
        auto command = parse_ok({"true"}, {{"DISTCC_INIT_GRACE", "20"},
                                           {"DISTCC_INIT_SUBREAPER", "1"},
                                           {"DISTCC_INIT_KILL_PROCESS_GROUP", "no"},
                                           {"DISTCC_INIT_REMAP_EXIT", "1,2 3"},
                                           {"DISTCC_INIT_PARENT_DEATH_SIGNAL", "TERM"},
                                           {"DISTCC_INIT_LOG_LEVEL", "debug"}});
        CHECK(command.supervision.grace == std::chrono::seconds(20));
        CHECK(command.supervision.register_subreaper);
        CHECK_FALSE(command.supervision.signal_process_group);
        CHECK(command.supervision.exit_codes_remapped_to_zero == std::set<int>{1, 2, 3});
        CHECK(command.supervision.parent_death_signal == SIGTERM);
        CHECK(command.log_level == spdlog::level::debug);
    }
    SUBCASE("the command line wins") {
        auto command = parse_ok({"--grace", "2.5", "-e", "9", "-vvv", "true"},
                                {{"DISTCC_INIT_GRACE", "20"},
                                 {"DISTCC_INIT_REMAP_EXIT", "1"},
                                 {"DISTCC_INIT_LOG_LEVEL", "off"},
                                 {"TINI_VERBOSITY", "0"}});
        CHECK(command.supervision.grace == std::chrono::milliseconds(2500));
        CHECK(command.supervision.exit_codes_remapped_to_zero == std::set<int>{9});
        CHECK(command.log_level == spdlog::level::trace);
    }
    SUBCASE("TINI_VERBOSITY") {
        CHECK(parse_ok({"true"}, {{"TINI_VERBOSITY", "0"}}).log_level == spdlog::level::off);
        CHECK(parse_ok({"true"}, {{"TINI_VERBOSITY", "2"}}).log_level == spdlog::level::info);
        CHECK(parse_ok({"true"}, {{"TINI_VERBOSITY", "9"}}).log_level == spdlog::level::trace);
        CHECK(parse_ok({"true"}, {{"TINI_VERBOSITY", "2"}, {"DISTCC_INIT_LOG_LEVEL", "error"}})
                  .log_level == spdlog::level::err);
    }
    SUBCASE("mode and dry run") {
        auto command = parse_ok({}, {{"DISTCC_INIT_MODE", "tcp"}, {"DISTCC_INIT_DRY_RUN", "1"}});
        CHECK(command.mode == entrypoint::Mode::tcp);
        CHECK(command.dry_run == DryRunFormat::text);
        CHECK(
            parse_ok({}, {{"DISTCC_INIT_MODE", "ssh"}, {"DISTCC_INIT_DRY_RUN", "json"}}).dry_run ==
            DryRunFormat::json);
        CHECK(parse_ok({"--mode", "tcp"}, {{"DISTCC_INIT_DRY_RUN", "0"}}).dry_run ==
              DryRunFormat::none);
    }
}

TEST_CASE("app::parse_command_line worker modes") {
    auto command = parse_ok({"--mode", "tcp", "--", "--jobs", "4"});
    CHECK(command.mode == entrypoint::Mode::tcp);
    CHECK(command.arguments == Words{"--jobs", "4"});
    CHECK(parse_ok({"--mode", "ssh", "--"}).arguments.empty());
    CHECK(parse_ok({"--mode", "tcp", "--dry-run"}).dry_run == DryRunFormat::text);
    CHECK(parse_ok({"--mode", "tcp", "--dry-run=json", "bash"}).dry_run == DryRunFormat::json);
    CHECK(parse_ok({"--mode", "tcp", "--dry-run", "bash"}).arguments == Words{"bash"});
}

TEST_CASE("app::parse_command_line subcommands") {
    auto health = parse_ok({"healthcheck", "--deep", "--timeout", "2"});
    CHECK(health.action == Action::healthcheck);
    CHECK(health.healthcheck.deep);
    CHECK(health.healthcheck.timeout == std::chrono::seconds(2));
    CHECK_FALSE(parse_ok({"healthcheck"}).healthcheck.deep);
    auto front = parse_ok({"ssh-front", "--port", "2222", "--", "/usr/sbin/sshd", "-i", "-e"});
    CHECK(front.action == Action::ssh_front);
    CHECK(front.ssh_front.port == 2222);
    CHECK(front.ssh_front.address.empty());
    CHECK(front.ssh_front.max_connections == 100);
    CHECK(front.ssh_front.sshd_command == std::vector<std::string>{"/usr/sbin/sshd", "-i", "-e"});
    CHECK(parse_error({"ssh-front", "--port", "22", "--max-connections", "0", "--", "sshd"}) ==
          "option --max-connections \"0\": expected a whole number from 1 up");
    auto toolchains = parse_ok({"toolchains", "--labels"});
    CHECK(toolchains.action == Action::toolchains);
    CHECK(toolchains.toolchains_format == entrypoint::ToolchainsFormat::labels);
    CHECK(parse_ok({"toolchains"}).toolchains_format == entrypoint::ToolchainsFormat::text);
    auto check = parse_ok({"check", "10.0.0.1", "@b", "--compiler", "gcc-12", "--compiler",
                           "clang-16", "--json", "--timeout", "5"});
    CHECK(check.action == Action::check);
    CHECK(check.check.hosts == Words{"10.0.0.1", "@b"});
    CHECK(check.check.compilers == Words{"gcc-12", "clang-16"});
    CHECK(check.check.json);
    CHECK(check.check.timeout == std::chrono::seconds(5));
    CHECK(parse_ok({"check"}).check.hosts.empty());
}

TEST_CASE("app::parse_command_line errors name the value and what is expected") {
    CHECK(parse_error({}).find("no program given") != std::string::npos);
    CHECK(parse_error({"--bogus", "x"}).find("unknown option \"--bogus\"") != std::string::npos);
    CHECK(parse_error({"--grace", "soon", "true"}) ==
          "option --grace \"soon\": expected a number of seconds from 0 to 86400 (e.g. 8 or 0.5)");
    CHECK(parse_error({"true"}, {{"DISTCC_INIT_GRACE", "-1"}}).starts_with("DISTCC_INIT_GRACE"));
    CHECK(parse_error({"-e", "256", "true"}).find("0 to 255") != std::string::npos);
    CHECK(parse_error({"-p", "SIGNOPE", "true"}).find("signal name or number") !=
          std::string::npos);
    CHECK(parse_error({"--mode", "udp"}) == "option --mode \"udp\": expected tcp or ssh");
    CHECK(parse_error({"--dry-run=yaml", "--mode", "tcp"}).find("text or json") !=
          std::string::npos);
    CHECK(parse_error({"true"}, {{"DISTCC_INIT_SUBREAPER", "maybe"}}).find("yes/no") !=
          std::string::npos);
    CHECK(parse_error({"true"}, {{"TINI_VERBOSITY", "x"}}).starts_with("TINI_VERBOSITY"));
    CHECK(parse_error({"check", "--bogus"}) ==
          "check: unknown option \"--bogus\" (distcc-init check --help lists what it takes)");
    CHECK(parse_error({"hosts"}).starts_with("hosts: no worker given"));
    CHECK(parse_error({"toolchains", "--", "stray"}).starts_with("toolchains: unexpected word"));
    CHECK(parse_error({"check", "--timeout", "0"}).find("more than 0 seconds") !=
          std::string::npos);
    CHECK(parse_error({"toolchains", "--json", "--labels"}).find("excludes") != std::string::npos);
}

TEST_CASE("app::parse_command_line every subcommand refuses what it does not know") {
    // Each subcommand with the least it needs to parse.
    const std::vector<Words> minimal{
        {"healthcheck"},       {"metrics", "--port", "3634"},
        {"hosts", "10.0.0.1"}, {"ssh-front", "--port", "22", "--", "sshd", "-i"},
        {"toolchains"},        {"check"}};
    for (const auto& words : minimal) {
        const auto& name = words.front();
        CAPTURE(name);
        CHECK(parse_ok(words).action != Action::run);
        auto with = [&](const std::string& extra) {
            auto changed = words;
            changed.insert(changed.begin() + 1, extra);
            return changed;
        };
        CHECK(parse_error(with("--bogus")) == name + ": unknown option \"--bogus\" (distcc-init " +
                                                  name + " --help lists what it takes)");
        if (name != "hosts" && name != "check" && name != "ssh-front") {
            // (their words are hosts and the sshd command line)
            CHECK(parse_error(with("stray")).starts_with(name + ": unexpected word \"stray\""));
        }
        auto help = parse_ok({name, "--help"});
        CHECK(help.action == Action::show_help);
        CHECK(help.help_text.find("distcc-init " + name) != std::string::npos);
    }
    // What a new user tries: a misspelt flag in a HEALTHCHECK line, a subcommand that does not
    // exist, an option after the hosts.
    CHECK(parse_error({"healthcheck", "--deep", "--bogus", "stray"})
              .starts_with("healthcheck: unknown option \"--bogus\""));
    CHECK(parse_error({"toolchains", "packk", "--help"})
              .starts_with("toolchains: unexpected word \"packk\""));
    CHECK(parse_error({"hosts", "10.0.0.1", "--bogus"})
              .starts_with("hosts: unknown option \"--bogus\""));
}

TEST_CASE("app::parse_command_line the toolchains words") {
    auto pack = parse_ok(
        {"toolchains", "pack", "--compiler", "gcc-14", "--compiler", "g++-14", "-o", "b.tar.gz"});
    CHECK(pack.action == Action::toolchains);
    CHECK(pack.toolchains.command == app::ToolchainsCommand::pack);
    CHECK(pack.toolchains.pack.compilers == Words{"gcc-14", "g++-14"});
    CHECK(pack.toolchains.pack.output == "b.tar.gz");
    CHECK_FALSE(pack.toolchains.pack.packer.empty());
    auto push = parse_ok(
        {"toolchains", "push", "--bundle", "b.tar.gz", "--replace", "@w1", "10.0.0.2:3700"});
    CHECK(push.toolchains.command == app::ToolchainsCommand::push);
    CHECK(push.toolchains.push.hosts == Words{"@w1", "10.0.0.2:3700"});
    CHECK(push.toolchains.push.bundle == "b.tar.gz");
    CHECK(push.toolchains.push.replace);
    CHECK(parse_ok({"toolchains", "push"}).toolchains.push.timeout == std::chrono::seconds(300));
    auto remove = parse_ok({"toolchains", "remove", "gcc-14"});
    CHECK(remove.toolchains.command == app::ToolchainsCommand::remove);
    CHECK(remove.toolchains.remove == "gcc-14");
    CHECK(remove.toolchains.socket == "/run/distcc-init/toolchains.sock");
    auto service = parse_ok({"toolchains", "service", "--ssh-user", "distcc-ssh", "--port", "3635",
                             "--max-size", "1000", "--guard", "/usr/local/bin/distcc-guard"});
    CHECK(service.toolchains.command == app::ToolchainsCommand::service);
    CHECK(service.toolchains.service.ssh_user == "distcc-ssh");
    CHECK(service.toolchains.service.port == 3635);
    CHECK(service.toolchains.service.max_size == 1000);
    CHECK(service.toolchains.service.store == "/var/lib/distcc-init/toolchains");
    CHECK(service.toolchains.service.guard == "/usr/local/bin/distcc-guard");
    CHECK(service.toolchains.service.run_directory == "/run/distcc-init");
    CHECK(parse_ok({"toolchains", "receive"}).toolchains.command ==
          app::ToolchainsCommand::receive);
    CHECK(parse_ok({"toolchains"}).toolchains.command == app::ToolchainsCommand::list);

    // Every word refuses an unknown option and a stray word in one line.
    for (const auto& words : std::vector<Words>{{"toolchains", "pack"},
                                                {"toolchains", "push"},
                                                {"toolchains", "remove", "x"},
                                                {"toolchains", "service"},
                                                {"toolchains", "receive"}}) {
        auto name = words[0] + " " + words[1];
        CAPTURE(name);
        auto with = [&](const std::string& extra) {
            auto changed = words;
            changed.insert(changed.begin() + 2, extra);
            return changed;
        };
        CHECK(parse_error(with("--bogus")) == name + ": unknown option \"--bogus\" (distcc-init " +
                                                  name + " --help lists what it takes)");
        if (words[1] != "push" && words[1] != "remove") { // their words are hosts, a name
            CHECK(parse_error(with("stray")) == name + ": unexpected word \"stray\" (distcc-init " +
                                                    name + " --help lists what it takes)");
        }
        auto help = parse_ok({words[0], words[1], "--help"});
        CHECK(help.help_text.find("distcc-init " + name) != std::string::npos);
    }
    CHECK(parse_error({"toolchains", "remove", "a", "b"})
              .starts_with("toolchains remove: unexpected word \"b\""));
    CHECK(parse_error({"toolchains", "remove"}).find("toolchains remove: nothing named") !=
          std::string::npos);
    CHECK(parse_error({"toolchains", "push", "--bundle", "b", "--compiler", "gcc"}) ==
          "toolchains push: give --bundle or --compiler, not both");
    CHECK(parse_error({"toolchains", "--json", "pack"}) ==
          "toolchains pack: --json and --labels are for the list only");
    CHECK(parse_error({"toolchains", "service", "--max-size", "big"}) ==
          "option --max-size \"big\": expected a number of bytes");
    CHECK(parse_error({"toolchains", "push", "--timeout", "x"}).starts_with("option --timeout"));
}

TEST_CASE("app::parse_command_line declares only the options a command line names") {
    // Every spelling still parses: short groups, joined values, long names with "=".
    auto grouped = parse_ok({"-sg", "-e143", "--grace=2.5", "true"});
    CHECK(grouped.supervision.register_subreaper);
    CHECK(grouped.supervision.signal_process_group);
    CHECK(grouped.supervision.exit_codes_remapped_to_zero == std::set<int>{143});
    CHECK(grouped.supervision.grace == std::chrono::milliseconds(2500));
    CHECK(parse_ok({"--subreaper", "--remap-exit", "2", "true"}).supervision.register_subreaper);
    CHECK(parse_ok({"--dry-run=json", "--mode", "tcp"}).dry_run == DryRunFormat::json);
    CHECK(parse_ok({"--license"}).action == Action::show_license);
    // An option not on the command line still comes from the environment.
    CHECK(parse_ok({"-s", "true"}, {{"DISTCC_INIT_GRACE", "3"}}).supervision.grace ==
          std::chrono::seconds(3));
    // A word after "--" names nothing: the daemon's own options are not ours.
    CHECK(parse_ok({"--mode", "tcp", "--", "-s", "--grace"}).arguments == Words{"-s", "--grace"});
    CHECK(parse_error({"-s", "--bogus", "true"}).find("unknown option \"--bogus\"") !=
          std::string::npos);
    // Help declares them all.
    auto help = parse_ok({"--help"}).help_text;
    for (const auto* name : {"--subreaper", "--remap-exit", "--grace", "--mode", "--dry-run",
                             "--license", "--version", "--log-level"}) {
        CHECK_MESSAGE(help.find(name) != std::string::npos, "help lists " << name);
    }
}
