#include "client/toolchain_pack.hpp"

#include "supervisor/run_helper.hpp"
#include "toolchain/system/bundle_writer.hpp"
#include "toolchain/system/compiler_parts.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/refusal.hpp"
#include "util/text.hpp"

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <unistd.h>

namespace client {
namespace {

// The target a Gentoo client's names carry: $CHOST, else what gcc says.
std::string client_triple(const util::Environment& environment) {
    if (auto chost = util::lookup(environment, "CHOST")) {
        return *chost;
    }
    auto machine =
        supervisor::run_helper({"gcc", "-dumpmachine"}, supervisor::capture_current_signals());
    auto triple = std::string(util::trim(machine.output));
    if (machine.exit_code != 0 || triple.empty() || triple.find('\n') != std::string::npos) {
        throw util::Refusal(util::k_exit_missing_program,
                            "gcc does not answer here and CHOST is not set: name the compilers "
                            "to pack with --compiler NAME");
    }
    return triple;
}

void add_or_refuse(toolchain::PackPlan& plan, const std::string& name,
                   const toolchain::PackContext& context) {
    if (auto problem = toolchain::add_compiler(plan, name, context)) {
        throw util::Refusal(util::k_exit_missing_program, "cannot pack " + *problem);
    }
}

void add_defaults(toolchain::PackPlan& plan, const toolchain::PackContext& context,
                  const util::Environment& environment) {
    auto triple = client_triple(environment);
    add_or_refuse(plan, triple + "-gcc", context);
    add_or_refuse(plan, triple + "-g++", context);
    util::Environment path{{"PATH", context.path}};
    for (const auto& [alias, base] : {std::pair{"cc", "-gcc"}, std::pair{"gcc", "-gcc"},
                                      std::pair{"g++", "-g++"}, std::pair{"c++", "-g++"}}) {
        auto program = util::find_in_path(alias, path);
        auto owner = std::ranges::find_if(plan.compilers, [&](const auto& compiler) {
            return std::ranges::find(compiler.names, triple + base) != compiler.names.end();
        });
        if (!program || owner == plan.compilers.end()) {
            continue;
        }
        auto driver = toolchain::find_real_driver(*program, context);
        if (driver.index() == 0 && "/" + owner->driver == std::get<0>(driver)) {
            add_or_refuse(plan, alias, context);
        }
    }
}

std::string describe(const toolchain::Manifest& manifest) {
    std::vector<std::string> parts;
    for (const auto& compiler : manifest.compilers) {
        parts.push_back(fmt::format("{} {} {} ({})", compiler.family, compiler.version,
                                    compiler.target, fmt::join(compiler.names, ", ")));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

} // namespace

PackedBundle pack_toolchain(const PackRequest& request, const util::Environment& environment) {
    auto temporary =
        util::lookup(environment, "TMPDIR").value_or("/tmp") + "/distcc-init-pack.XXXXXX";
    if (mkdtemp(temporary.data()) == nullptr) {
        throw util::Refusal(util::k_exit_failure,
                            util::describe_errno("cannot create " + temporary));
    }
    toolchain::PackContext context{util::lookup(environment, "PATH").value_or(util::k_default_path),
                                   temporary};
    toolchain::PackPlan plan;
    PackedBundle packed;
    try {
        if (request.compilers.empty()) {
            add_defaults(plan, context, environment);
        } else {
            for (const auto& name : request.compilers) {
                add_or_refuse(plan, name, context);
            }
        }
        auto output = request.output.empty() ? fmt::format("toolchain.partial-{}.tar.gz", getpid())
                                             : request.output;
        auto written = toolchain::write_bundle(plan, request.packer, output, context.path);
        if (const auto* problem = std::get_if<std::string>(&written)) {
            throw util::Refusal(util::k_exit_failure, "cannot pack: " + *problem);
        }
        auto& bundle = std::get<toolchain::WrittenBundle>(written);
        packed.path = output;
        if (request.output.empty()) {
            packed.path = fmt::format("toolchain-{}.tar.gz", bundle.id.substr(0, 12));
            if (rename(output.c_str(), packed.path.c_str()) != 0) {
                throw util::Refusal(util::k_exit_failure,
                                    util::describe_errno("cannot write " + packed.path));
            }
        }
        packed.id = bundle.id;
        for (const auto& compiler : bundle.manifest.compilers) {
            packed.names.insert(packed.names.end(), compiler.names.begin(), compiler.names.end());
        }
        packed.description = describe(bundle.manifest);
        packed.unpacked_size = bundle.unpacked_size;
        packed.compressed_size = bundle.compressed_size;
    } catch (...) {
        util::remove_tree(temporary);
        throw;
    }
    util::remove_tree(temporary);
    return packed;
}

int run_pack(const PackRequest& request, const util::Environment& environment) {
    auto packed = pack_toolchain(request, environment);
    std::printf("%s\n",
                fmt::format("packed {}: bundle {}, {:.1f} MB ({:.1f} MB unpacked): {}", packed.path,
                            packed.id.substr(0, 12),
                            static_cast<double>(packed.compressed_size) / 1e6,
                            static_cast<double>(packed.unpacked_size) / 1e6, packed.description)
                    .c_str());
    return 0;
}

} // namespace client
