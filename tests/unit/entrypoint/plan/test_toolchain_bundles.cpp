// Pushed toolchain bundles in a worker's plan (toolchain_bundles.cpp), through build_plan.
#include "entrypoint/plan/build_plan.hpp"
#include "entrypoint/plan/render_plan.hpp"
#include "entrypoint/plan/toolchain_bundles.hpp"
#include "support/root_facts.hpp"
#include "util/exit_codes.hpp"
#include "util/refusal.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace entrypoint;
using Words = std::vector<std::string>;

namespace {

const std::string k_key =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILnJvGeYVUN9jqtyJezK+riEwg4237Pmg1aa9a/4UMKX alice";
const std::string k_token = "0123456789abcdef-token";

SystemFacts store_facts() {
    auto facts = test_support::root_facts();
    facts.toolchain_store_exists = true;
    facts.patchelf_installed = true;
    return facts;
}

std::string refusal(Mode mode, const util::Environment& environment, const SystemFacts& facts) {
    try {
        build_plan(mode, environment, {}, facts);
    } catch (const util::Refusal& refused) {
        CHECK(refused.exit_code() == util::k_exit_configuration);
        return refused.what();
    }
    return "(planned)";
}

const Words* service_of(const Plan& plan) {
    auto found = std::ranges::find_if(plan.programs.companions, [](const Words& command) {
        return command.size() > 2 && command[1] == "toolchains" && command[2] == "service";
    });
    return found == plan.programs.companions.end() ? nullptr : &*found;
}

bool contains(const Words& words, const Words& sequence) {
    return std::search(words.begin(), words.end(), sequence.begin(), sequence.end()) != words.end();
}

Toolchain bundle_gcc(std::vector<std::string> names) {
    Toolchain toolchain{"/store/installed/ab/root/usr/bin/gcc-14",
                        CompilerFamily::gcc,
                        Language::c,
                        "14.2.0",
                        "x86_64-linux-gnu",
                        std::move(names)};
    toolchain.bundle = BundleOrigin{std::string(64, 'a'), "ssh push", "0.1.0"};
    return toolchain;
}

} // namespace

TEST_CASE("entrypoint::serve_bundles: a bundle's names win over the image's") {
    ServedToolchains image;
    image.toolchains = {{"/usr/bin/x86_64-linux-gnu-gcc-12",
                         CompilerFamily::gcc,
                         Language::c,
                         "12.2.0",
                         "x86_64-linux-gnu",
                         {"gcc", "x86_64-linux-gnu-gcc"}}};
    image.names = served_names(image.toolchains);
    auto served = serve_bundles(image, {bundle_gcc({"x86_64-linux-gnu-gcc", "gcc-14"})});
    auto owner = [&](const std::string& name) {
        auto found =
            std::ranges::find_if(served.names, [&](const auto& n) { return n.name == name; });
        REQUIRE(found != served.names.end());
        return served.toolchains[found->toolchain].path;
    };
    CHECK(owner("x86_64-linux-gnu-gcc") == "/store/installed/ab/root/usr/bin/gcc-14");
    CHECK(owner("gcc-14") == "/store/installed/ab/root/usr/bin/gcc-14");
    CHECK(owner("gcc") == "/usr/bin/x86_64-linux-gnu-gcc-12");
    auto lines = describe_toolchains(served);
    CHECK(std::ranges::any_of(lines, [](const std::string& line) {
        return line.find("(bundle aaaaaaaaaaaa, ssh push): gcc-14, x86_64-linux-gnu-gcc") !=
               std::string::npos;
    }));
    // Labels describe the image: no bundle in them.
    CHECK(render_toolchain_labels(served).find("14.2.0") == std::string::npos);
    CHECK(render_toolchains_json(served).find("\"bundle\":{\"id\":\"aaaa") != std::string::npos);
    auto listed = compiler_shaped_listing(served);
    CHECK(listed.contains("gcc-14"));
    CHECK(listed.contains("aarch64-unknown-linux-gnu-clang++-19"));
    CHECK_FALSE(listed.contains("gcc-99"));
}

TEST_CASE("entrypoint::read_toolchain_max_size") {
    CHECK(read_toolchain_max_size({}) == 2'000'000'000);
    CHECK(read_toolchain_max_size({{"DISTCC_TOOLCHAIN_MAX_SIZE", "500M"}}) == 500'000'000);
    CHECK(read_toolchain_max_size({{"DISTCC_TOOLCHAIN_MAX_SIZE", "3G"}}) == 3'000'000'000);
    CHECK(read_toolchain_max_size({{"DISTCC_TOOLCHAIN_MAX_SIZE", "1000"}}) == 1000);
    for (const char* bad : {"big", "0", "-5M", "5T", "M"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(read_toolchain_max_size({{"DISTCC_TOOLCHAIN_MAX_SIZE", bad}}),
                        util::Refusal);
    }
}

TEST_CASE("entrypoint::build_plan the toolchain service") {
    SUBCASE("tcp: the token endpoint on distccd's port + 3, the token in a file of its own") {
        auto plan = build_plan(Mode::tcp, {{"DISTCC_TOOLCHAIN_TOKEN", k_token}},
                               {"--port", "3700", "--listen", "127.0.0.1"}, store_facts());
        const auto* service = service_of(plan);
        REQUIRE(service != nullptr);
        CHECK(contains(*service, {"--store", "/var/lib/distcc-init/toolchains"}));
        CHECK(contains(*service, {"--compile-user", "distcc"}));
        CHECK(contains(*service, {"--address", "127.0.0.1", "--port", "3703"}));
        CHECK(contains(*service, {"--token-file", "/run/distcc-init/toolchain-token"}));
        CHECK(std::ranges::find(*service, k_token) == service->end());
        auto token = std::ranges::find_if(plan.steps, [](const Step& step) {
            return std::holds_alternative<WriteToolchainToken>(step);
        });
        REQUIRE(token != plan.steps.end());
        CHECK(std::get<WriteToolchainToken>(*token).token == k_token);
        CHECK(std::ranges::find(plan.removed_environment, "DISTCC_TOOLCHAIN_TOKEN") !=
              plan.removed_environment.end());
        CHECK(render_plan_text(plan, {}).find(k_token) == std::string::npos);
        CHECK(render_plan_json(plan, {}).find(k_token) == std::string::npos);
        CHECK(std::ranges::any_of(plan.ports_to_check,
                                  [](const PortToCheck& port) { return port.port == 3703; }));
        const auto* link = std::get_if<LinkCompilers>(&*std::ranges::find_if(
            plan.steps, [](const Step& s) { return std::holds_alternative<LinkCompilers>(s); }));
        REQUIRE(link != nullptr);
        CHECK(link->shaped.contains("x86_64-pc-linux-gnu-g++-14"));
        CHECK(link->image_directory == "/run/distcc-init/compilers-image");
    }
    SUBCASE("tcp: DISTCC_TOOLCHAIN_PORT; without a token the endpoint refuses, and says so") {
        auto plan = build_plan(Mode::tcp, {{"DISTCC_TOOLCHAIN_PORT", "4000"}}, {}, store_facts());
        const auto* service = service_of(plan);
        REQUIRE(service != nullptr);
        CHECK(contains(*service, {"--port", "4000"}));
        CHECK(std::ranges::find(*service, "--token-file") == service->end());
        CHECK(std::ranges::any_of(plan.checks, [](const std::string& check) {
            return check.find("port 4000 refuses every push (no DISTCC_TOOLCHAIN_TOKEN)") !=
                   std::string::npos;
        }));
    }
    SUBCASE("ssh: the SSH user pushes through the relay, which knows the socket") {
        auto plan = build_plan(Mode::ssh, {{"AUTHORIZED_KEYS", k_key}}, {}, store_facts());
        const auto* service = service_of(plan);
        REQUIRE(service != nullptr);
        CHECK(contains(*service, {"--ssh-user", "distcc-ssh"}));
        CHECK(std::ranges::find(*service, "--port") == service->end());
        CHECK(contains(plan.programs.main,
                       {"-o", "ForceCommand=/usr/local/bin/distcc-relay --port 3632 --shell "
                              "/bin/bash --toolchain-socket /run/distcc-init/toolchains.sock"}));
        CHECK(service == &plan.programs.companions.back());
    }
    SUBCASE("no store, no service: one line says how to have one") {
        auto plan = build_plan(Mode::tcp, {}, {}, test_support::root_facts());
        CHECK(service_of(plan) == nullptr);
        CHECK(std::ranges::any_of(plan.checks, [](const std::string& check) {
            return check.starts_with("toolchains: no bundle can be pushed or installed");
        }));
        // DISTCC_TOOLCHAIN_DIR asks for one (gather_facts takes the store's path from it).
        auto facts = test_support::root_facts();
        facts.toolchain_store = "/srv/toolchains";
        auto asked =
            build_plan(Mode::tcp, {{"DISTCC_TOOLCHAIN_DIR", "/srv/toolchains"}}, {}, facts);
        REQUIRE(service_of(asked) != nullptr);
        CHECK(contains(*service_of(asked), {"--store", "/srv/toolchains"}));
        CHECK(asked.environment.at("DISTCC_GUARD_BUNDLES") == "/srv/toolchains");
    }
    SUBCASE("a user's own DISTCC_CMDLIST: the names are the user's, no bundle is served") {
        auto facts = store_facts();
        facts.command_list = "/usr/bin/gcc\n";
        auto plan = build_plan(Mode::tcp, {{"DISTCC_CMDLIST", "/etc/list"}}, {}, facts);
        CHECK(service_of(plan) == nullptr);
    }
    SUBCASE("bad token settings are refused in one line") {
        CHECK(refusal(Mode::tcp, {{"DISTCC_TOOLCHAIN_TOKEN", "short"}}, store_facts()) ==
              "DISTCC_TOOLCHAIN_TOKEN: the token is shorter than 16 characters");
        CHECK(refusal(Mode::tcp,
                      {{"DISTCC_TOOLCHAIN_TOKEN", k_token}, {"DISTCC_TOOLCHAIN_TOKEN_FILE", "/t"}},
                      store_facts())
                  .starts_with("DISTCC_TOOLCHAIN_TOKEN and DISTCC_TOOLCHAIN_TOKEN_FILE are both "
                               "set"));
        CHECK(refusal(Mode::tcp, {{"DISTCC_TOOLCHAIN_TOKEN_FILE", "/t"}}, store_facts()) ==
              "DISTCC_TOOLCHAIN_TOKEN_FILE=\"/t\" cannot be read");
        auto facts = store_facts();
        facts.toolchain_token_file_content = k_token + "\n";
        auto plan = build_plan(Mode::tcp, {{"DISTCC_TOOLCHAIN_TOKEN_FILE", "/t"}}, {}, facts);
        CHECK(contains(*service_of(plan), {"--token-file", "/t"}));
        CHECK(refusal(Mode::tcp, {{"DISTCC_TOOLCHAIN_MAX_SIZE", "huge"}}, store_facts())
                  .starts_with("DISTCC_TOOLCHAIN_MAX_SIZE=\"huge\""));
    }
    SUBCASE("root and a store of another user's: no service, and the log says why") {
        auto facts = store_facts();
        facts.toolchain_store_owner = 240;
        auto plan = build_plan(Mode::tcp, {}, {}, facts);
        CHECK(service_of(plan) == nullptr);
        CHECK(std::ranges::any_of(plan.checks, [](const std::string& check) {
            return check.find("belongs to user ID 240") != std::string::npos;
        }));
        facts.toolchain_store_owner = 0;
        CHECK(service_of(build_plan(Mode::tcp, {}, {}, facts)) != nullptr);
    }
    SUBCASE("not root and the store not writable: no service, and the log says why") {
        auto facts = store_facts();
        facts.running_as_root = false;
        facts.toolchain_store_writable = false;
        auto plan = build_plan(Mode::tcp, {}, {}, facts);
        CHECK(service_of(plan) == nullptr);
        CHECK(std::ranges::any_of(plan.checks, [](const std::string& check) {
            return check.find("is not writable by this user: no bundle") != std::string::npos;
        }));
    }
}
