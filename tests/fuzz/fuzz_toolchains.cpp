// What `distcc-init check` and the served toolchains read from elsewhere: an object file the
// worker sent back (client::read_object_identity, bounds-checked ELF), a DISTCC_HOSTS line
// (client::parse_distcc_hosts) and compiler names (entrypoint::parse_compiler_name, and the
// names served for any toolchain). Whatever they read, the table and the JSON stay well formed.
#include "client/host_list.hpp"
#include "client/object_identity.hpp"
#include "entrypoint/plan/toolchains.hpp"
#include "support/check.hpp"
#include "support/json_check.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

using fuzz_support::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);

    auto identity = client::read_object_identity(bytes);
    std::vector<client::CheckRow> rows;
    if (identity) {
        require(identity->target.starts_with("ELF"), "a target names its ELF class");
        rows.push_back(
            {"h", "gcc", client::compare_identities(*identity, *identity), identity, identity, ""});
        require(rows.back().result == client::CheckResult::ok, "an object matches itself");
    }

    std::string problem;
    auto hosts = client::parse_distcc_hosts(bytes, problem);
    require(hosts.empty() || problem.empty(), "hosts or a problem, not both");
    for (const auto& host : hosts) {
        require(!host.name.empty() && host.spec.starts_with(host.name),
                "a host's name leads its spec");
        rows.push_back({host.name, host.spec, client::CheckResult::unreachable, std::nullopt,
                        std::nullopt, std::string(bytes.substr(0, 40))});
    }
    require(fuzz_support::is_valid_json(client::render_check_json(rows)), "check JSON is valid");
    client::render_check_table(rows);

    // Each line a compiler name: parsed names rebuild the line; served names are unique.
    std::vector<entrypoint::Toolchain> toolchains;
    std::size_t start = 0;
    while (start <= bytes.size() && toolchains.size() < 16) {
        auto end = std::min(bytes.find('\n', start), bytes.size());
        auto line = bytes.substr(start, end - start);
        start = end + 1;
        auto name = entrypoint::parse_compiler_name(line);
        if (!name) {
            continue;
        }
        auto rebuilt = (name->triple.empty() ? "" : name->triple + "-") + name->base +
                       (name->version.empty() ? "" : "-" + name->version);
        require(rebuilt == line, "a parsed name rebuilds the name");
        entrypoint::Toolchain toolchain;
        toolchain.path = "/usr/bin/" + std::string(line);
        toolchain.family = name->base.starts_with("clang") ? entrypoint::CompilerFamily::clang
                                                           : entrypoint::CompilerFamily::gcc;
        toolchain.language = entrypoint::language_of(*name);
        toolchain.version = name->version.empty() ? "1.0" : name->version;
        toolchain.target = name->triple.empty() ? "x86_64-linux-gnu" : name->triple;
        toolchain.found_as = {std::string(line)};
        toolchains.push_back(toolchain);
    }
    entrypoint::ServedToolchains served{toolchains, entrypoint::served_names(toolchains)};
    std::set<std::string> seen;
    for (const auto& name : served.names) {
        require(name.toolchain < toolchains.size(), "a served name has its toolchain");
        require(seen.insert(name.name).second, "each name is served once");
        require(entrypoint::parse_compiler_name(name.name).has_value(),
                "only compiler names are served");
    }
    require(fuzz_support::is_valid_json(entrypoint::render_toolchains_json(served)),
            "toolchains JSON is valid");
    return 0;
}
