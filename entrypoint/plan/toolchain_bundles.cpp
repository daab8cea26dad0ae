#include "entrypoint/plan/toolchain_bundles.hpp"

#include "entrypoint/plan/daemon_arguments.hpp"
#include "entrypoint/plan/environment_values.hpp"
#include "toolchain/bundle/compiler_names.hpp"
#include "toolchain/bundle/push_protocol.hpp"
#include "util/exit_codes.hpp"
#include "util/number.hpp"
#include "util/refusal.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <map>

namespace entrypoint {

ServedToolchains serve_bundles(const ServedToolchains& image,
                               const std::vector<Toolchain>& bundles) {
    ServedToolchains served = image;
    std::map<std::string, std::size_t> owners;
    for (const auto& name : image.names) {
        owners[name.name] = name.toolchain;
    }
    for (const auto& bundle : bundles) {
        served.toolchains.push_back(bundle);
        for (const auto& name : bundle.found_as) {
            owners[name] = served.toolchains.size() - 1;
        }
    }
    served.names.clear();
    for (const auto& [name, index] : owners) {
        served.names.push_back({name, index});
    }
    return served;
}

std::set<std::string> compiler_shaped_listing(const ServedToolchains& served) {
    auto triples = toolchain::known_triples();
    for (const auto& toolchain : served.toolchains) {
        triples.push_back(toolchain.target);
        if (auto other = other_triple_spelling(toolchain.target)) {
            triples.push_back(*other);
        }
    }
    auto shaped = toolchain::compiler_shaped_names(triples);
    std::set<std::string> listed(shaped.begin(), shaped.end());
    for (const auto& name : served.names) {
        listed.insert(name.name);
    }
    return listed;
}

std::uint64_t read_toolchain_max_size(const util::Environment& environment) {
    auto text = util::lookup(environment, "DISTCC_TOOLCHAIN_MAX_SIZE");
    if (!text) {
        return defaults::k_toolchain_max_size;
    }
    std::string_view number = *text;
    std::uint64_t unit = 1;
    if (!number.empty()) {
        switch (number.back()) {
        case 'K':
        case 'k':
            unit = 1000;
            break;
        case 'M':
        case 'm':
            unit = 1000 * 1000;
            break;
        case 'G':
        case 'g':
            unit = 1000 * 1000 * 1000;
            break;
        default:
            break;
        }
    }
    if (unit != 1) {
        number.remove_suffix(1);
    }
    auto value = util::parse_integer<std::uint64_t>(number);
    if (!value || *value == 0 || *value > (std::uint64_t{1} << 40) / unit) {
        throw util::Refusal(util::k_exit_configuration,
                            fmt::format("DISTCC_TOOLCHAIN_MAX_SIZE={:?}: expected a size in bytes, "
                                        "or with K, M or G, e.g. 2G",
                                        *text));
    }
    return *value * unit;
}

namespace {

std::string_view folder_of(std::string_view path) {
    return path.substr(0, path.rfind('/'));
}

// Where the served names are: the run directory, or a private one.
std::string run_directory(const Plan& plan) {
    for (const auto& step : plan.steps) {
        if (const auto* link = std::get_if<LinkCompilers>(&step)) {
            return std::string(folder_of(link->directory));
        }
    }
    return std::string(defaults::k_run_dir);
}

// The token file the service reads: the one given, or the inline token written for it.
std::optional<std::string> plan_token(Plan& plan, const util::Environment& environment,
                                      const SystemFacts& facts) {
    auto inline_token = util::lookup(environment, "DISTCC_TOOLCHAIN_TOKEN");
    auto file = util::lookup(environment, "DISTCC_TOOLCHAIN_TOKEN_FILE");
    if (inline_token && file) {
        throw util::Refusal(util::k_exit_configuration,
                            "DISTCC_TOOLCHAIN_TOKEN and DISTCC_TOOLCHAIN_TOKEN_FILE are both set: "
                            "give the token one way only");
    }
    if (!inline_token && !file) {
        return std::nullopt;
    }
    if (file && !facts.toolchain_token_file_content) {
        throw util::Refusal(util::k_exit_configuration,
                            fmt::format("DISTCC_TOOLCHAIN_TOKEN_FILE={:?} cannot be read", *file));
    }
    std::string token(file ? util::trim(*facts.toolchain_token_file_content) : *inline_token);
    if (auto problem = toolchain::check_token(token)) {
        throw util::Refusal(
            util::k_exit_configuration,
            fmt::format("{}: {}", file ? "DISTCC_TOOLCHAIN_TOKEN_FILE" : "DISTCC_TOOLCHAIN_TOKEN",
                        *problem));
    }
    if (file) {
        return *file;
    }
    std::string path = run_directory(plan) + "/" + std::string(defaults::k_toolchain_token_file);
    plan.steps.emplace_back(WriteToolchainToken{path, token});
    return path;
}

} // namespace

std::optional<std::vector<std::string>>
plan_toolchain_service(Plan& plan, const util::Environment& environment, const SystemFacts& facts,
                       std::optional<std::uint16_t> push_port,
                       const std::optional<std::string>& push_address,
                       const std::optional<std::string>& ssh_user) {
    if (!plan.compilers) {
        return std::nullopt; // the served names are not distcc-init's to change
    }
    const auto& store = facts.toolchain_store;
    // The images make the store a volume; elsewhere a worker takes bundles when asked to.
    if (!facts.toolchain_store_exists && !util::lookup(environment, "DISTCC_TOOLCHAIN_DIR")) {
        plan.checks.push_back(fmt::format("toolchains: no bundle can be pushed or installed: {} "
                                          "does not exist (set DISTCC_TOOLCHAIN_DIR, or make it)",
                                          store));
        return std::nullopt;
    }
    // Root installs into a store no other user can change (the compile user could otherwise
    // swap what root then serves).
    if (facts.running_as_root && facts.toolchain_store_owner && *facts.toolchain_store_owner != 0) {
        plan.checks.push_back(fmt::format("toolchains: no bundle can be pushed or installed: {} "
                                          "belongs to user ID {}, and a worker started as root "
                                          "keeps bundles only in a store of root's",
                                          store, *facts.toolchain_store_owner));
        return std::nullopt;
    }
    if (!facts.running_as_root && !facts.toolchain_store_writable) {
        plan.checks.push_back(fmt::format("toolchains: {} is not writable by this user: no "
                                          "bundle can be pushed or installed",
                                          store));
        return std::nullopt;
    }
    auto max_size = read_toolchain_max_size(environment);
    auto token_file = push_port ? plan_token(plan, environment, facts) : std::nullopt;
    plan.steps.emplace_back(PrepareDirectory{store, facts.running_as_root ? "root" : "",
                                             facts.running_as_root ? "root" : "", 0755,
                                             "toolchain store"});
    std::vector<std::string> command{
        facts.self_path,         "toolchains", "service", "--store", store, "--max-size",
        std::to_string(max_size)};
    if (facts.running_as_root) {
        command.insert(command.end(), {"--compile-user", std::string(defaults::k_worker_user)});
    }
    if (ssh_user) {
        command.insert(command.end(), {"--ssh-user", *ssh_user});
    }
    for (const auto& step : plan.steps) {
        if (const auto* link = std::get_if<LinkCompilers>(&step)) {
            command.insert(command.end(), {"--run-dir", std::string(folder_of(link->directory)),
                                           "--guard", link->guard});
        }
    }
    std::string pushes = "pushes over SSH from the authorized keys";
    if (push_port) {
        auto address = push_address.value_or("0.0.0.0");
        command.insert(command.end(), {"--address", address, "--port", std::to_string(*push_port)});
        if (token_file) {
            command.insert(command.end(), {"--token-file", *token_file});
        }
        plan.ports_to_check.push_back({address, *push_port, "DISTCC_TOOLCHAIN_PORT"});
        pushes = token_file ? fmt::format("pushes on port {} with the token", *push_port)
                            : fmt::format("port {} refuses every push (no DISTCC_TOOLCHAIN_TOKEN)",
                                          *push_port);
    }
    plan.checks.push_back(fmt::format("toolchains: bundles kept in {} ({} compiler(s) installed), "
                                      "{}, up to {:.0f} MB each",
                                      store, facts.bundle_toolchains.size(), pushes,
                                      static_cast<double>(max_size) / 1e6));
    if (!facts.patchelf_installed) {
        plan.checks.emplace_back("toolchains: patchelf is not installed: pushed bundles are "
                                 "refused");
    }
    return command;
}

} // namespace entrypoint
