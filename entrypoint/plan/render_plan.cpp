#include "entrypoint/plan/render_plan.hpp"

#include "supervisor/signal_names.hpp"
#include "util/json_text.hpp"
#include "util/shell_quote.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

namespace entrypoint {
namespace {

// A value in the text: paths, key comments and notes may hold anything, and each must stay
// on its line and keep away from the terminal.
std::string shown(std::string_view value) {
    return util::escape_control_characters(value);
}

// One provisioning step in words (the text line, and the JSON "steps" entry). Its only line
// feeds are its own, before each key.
struct StepDescriber {
    std::string operator()(const CreateGroup& step) const {
        return fmt::format("create group {}", shown(step.name));
    }
    std::string operator()(const CreateUser& step) const {
        if (step.system_account) {
            return fmt::format("create system user {} (group {}) for distccd", shown(step.name),
                               shown(step.group));
        }
        return fmt::format("create user {} (group {}, home {}, shell {}, password login "
                           "impossible)",
                           shown(step.name), shown(step.group), shown(step.home),
                           shown(step.shell));
    }
    std::string operator()(const WriteAuthorizedKeys& step) const {
        std::string text =
            fmt::format("write {}/.ssh/authorized_keys ({} key{}):", shown(step.home),
                        step.keys.size(), step.keys.size() == 1 ? "" : "s");
        for (const auto& key : step.keys) {
            text += fmt::format("\n      {} {}", shown(key.type), shown(key.fingerprint));
            if (!key.comment.empty()) {
                text += fmt::format(" {}", shown(key.comment));
            }
        }
        return text;
    }
    std::string operator()(const GenerateHostKeys& step) const {
        if (step.missing_types.empty()) {
            return fmt::format("host keys in {}: all present, kept", shown(step.directory));
        }
        std::vector<std::string> missing;
        for (const auto& type : step.missing_types) {
            missing.push_back(shown(type));
        }
        return fmt::format("generate host keys in {}: {}", shown(step.directory),
                           fmt::join(missing, ", "));
    }
    std::string operator()(const PrepareDirectory& step) const {
        if (step.owner.empty()) {
            return fmt::format("create {} if missing ({})", shown(step.path), shown(step.purpose));
        }
        return fmt::format("create {} ({}), owner {}:{}, mode {:04o}", shown(step.path),
                           shown(step.purpose), shown(step.owner), shown(step.group), step.mode);
    }
    std::string operator()(const LinkCompilers& step) const {
        auto count = step.listed.empty() ? step.served.names.size() : step.listed.size();
        return fmt::format("link {} compiler name{} in {} to the guard {}, listed in {} "
                           "(DISTCC_CMDLIST) with {} compiler-shaped names in all; the compilers "
                           "in {}",
                           count, count == 1 ? "" : "s", shown(step.directory), shown(step.guard),
                           shown(step.list_file), step.shaped.size() + count,
                           shown(step.real_directory));
    }
    std::string operator()(const WriteToolchainToken& step) const {
        return fmt::format("write the toolchain push token to {} (mode 0600; not shown)",
                           shown(step.path));
    }
};

std::string describe_settings(const supervisor::Settings& settings) {
    std::vector<std::string> parts{fmt::format("grace {} ms", settings.grace.count())};
    if (settings.signal_process_group) {
        parts.emplace_back("signals to the process group");
    }
    if (settings.register_subreaper) {
        parts.emplace_back("subreaper");
    }
    if (settings.parent_death_signal) {
        parts.push_back("parent death signal " +
                        supervisor::signal_name(*settings.parent_death_signal));
    }
    if (!settings.exit_codes_remapped_to_zero.empty()) {
        parts.push_back(fmt::format("exit codes {} become 0",
                                    fmt::join(settings.exit_codes_remapped_to_zero, ",")));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

std::string json_string_array(const std::vector<std::string>& words) {
    std::vector<std::string> quoted;
    for (const auto& word : words) {
        quoted.push_back(util::json_quote(word));
    }
    return fmt::format("[{}]", fmt::join(quoted, ","));
}

// A variable's value as the dry run shows it: a secret never, only what stands for it.
const std::string& shown_value(const Plan& plan, const std::string& name,
                               const std::string& value) {
    auto secret = plan.secret_environment.find(name);
    return secret != plan.secret_environment.end() ? secret->second : value;
}

} // namespace

std::string render_plan_text(const Plan& plan, const supervisor::Settings& settings) {
    std::string text =
        fmt::format("distcc-init dry run: nothing is changed\nmode: {}\n", mode_name(plan.mode));
    text += "checks:\n";
    for (const auto& check : plan.checks) {
        text += "  - " + shown(check) + "\n";
    }
    text += "steps:\n";
    if (plan.steps.empty()) {
        text += "  (none)\n";
    }
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        text += fmt::format("  {}. {}\n", i + 1, std::visit(StepDescriber{}, plan.steps[i]));
    }
    text += "environment:\n";
    if (plan.environment.empty() && plan.removed_environment.empty()) {
        text += "  (unchanged)\n";
    }
    for (const auto& [name, value] : plan.environment) {
        text += fmt::format("  {}={}\n", shown(name),
                            util::shell_quote(shown_value(plan, name, value)));
    }
    if (!plan.removed_environment.empty()) {
        std::vector<std::string> names;
        for (const auto& name : plan.removed_environment) {
            names.push_back(util::escape_control_characters(name));
        }
        text += fmt::format("  not passed on: {}\n", fmt::join(names, " "));
    }
    if (plan.job_count_note) {
        text += "jobs: " + shown(*plan.job_count_note) + "\n";
    }
    if (plan.relay_note) {
        text += "relay: " + shown(*plan.relay_note) + "\n";
    }
    if (plan.compilers) {
        text += "compilers:\n";
        for (const auto& line : describe_toolchains(*plan.compilers)) {
            text += "  - " + shown(line) + "\n";
        }
    } else if (plan.compilers_note) {
        text += "compilers: " + shown(*plan.compilers_note) + "\n";
    }
    text += "supervise:\n  main: " + util::join_shell_quoted(plan.programs.main) + "\n";
    for (const auto& companion : plan.programs.companions) {
        text += "  companion: " + util::join_shell_quoted(companion) + "\n";
    }
    text += "supervisor: " + describe_settings(settings) + "\n";
    return text;
}

std::string render_plan_json(const Plan& plan, const supervisor::Settings& settings) {
    std::vector<std::string> steps;
    for (const auto& step : plan.steps) {
        steps.push_back(util::json_quote(std::visit(StepDescriber{}, step)));
    }
    std::vector<std::string> environment;
    for (const auto& [name, value] : plan.environment) {
        environment.push_back(fmt::format("{}:{}", util::json_quote(name),
                                          util::json_quote(shown_value(plan, name, value))));
    }
    std::vector<std::string> companions;
    for (const auto& companion : plan.programs.companions) {
        companions.push_back(json_string_array(companion));
    }
    std::vector<std::string> remapped;
    for (int code : settings.exit_codes_remapped_to_zero) {
        remapped.push_back(std::to_string(code));
    }
    return fmt::format(
        "{{\"dry_run\":true,\"mode\":{},\"checks\":{},\"steps\":[{}],\"environment\":{{{}}},"
        "\"removed_environment\":{},"
        "\"jobs\":{},\"relay\":{},\"compilers\":{},\"main\":{},\"companions\":[{}],"
        "\"supervisor\":{{\"grace_ms\":{},\"kill_process_group\":{},\"subreaper\":{},"
        "\"parent_death_signal\":{},\"remap_exit_codes\":[{}]}}}}\n",
        util::json_quote(mode_name(plan.mode)), json_string_array(plan.checks),
        fmt::join(steps, ","), fmt::join(environment, ","),
        json_string_array(plan.removed_environment),
        plan.job_count_note ? util::json_quote(*plan.job_count_note) : "null",
        plan.relay_note ? util::json_quote(*plan.relay_note) : "null",
        // The note of a list not chosen by distcc-init is among the checks.
        plan.compilers ? std::string(util::trim(render_toolchains_json(*plan.compilers))) : "null",
        json_string_array(plan.programs.main), fmt::join(companions, ","), settings.grace.count(),
        settings.signal_process_group, settings.register_subreaper,
        settings.parent_death_signal
            ? util::json_quote(supervisor::signal_name(*settings.parent_death_signal))
            : "null",
        fmt::join(remapped, ","));
}

} // namespace entrypoint
