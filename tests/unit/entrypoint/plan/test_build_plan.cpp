// build_plan() and the parts it is made of (plan_tcp.cpp, plan_ssh.cpp, plan_worker.cpp),
// through the one entry point.
#include "entrypoint/plan/build_plan.hpp"
#include "entrypoint/plan/render_plan.hpp"
#include "entrypoint/plan/ssh_settings.hpp"
#include "support/root_facts.hpp"
#include "util/exit_codes.hpp"
#include "util/refusal.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace entrypoint;
using util::Environment;

namespace {

const std::string k_key =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILnJvGeYVUN9jqtyJezK+riEwg4237Pmg1aa9a/4UMKX alice";
using Words = std::vector<std::string>;

using test_support::root_facts;

Plan plan_ok(Mode mode, const util::Environment& environment, const Words& arguments,
             const SystemFacts& facts = root_facts()) {
    try {
        return build_plan(mode, environment, arguments, facts);
    } catch (const util::Refusal& refusal) {
        FAIL_CHECK(refusal.what());
        return {};
    }
}

struct Refused {
    int exit_code = 0;
    std::string message;
};

Refused plan_error(Mode mode, const util::Environment& environment, const Words& arguments,
                   const SystemFacts& facts = root_facts()) {
    try {
        build_plan(mode, environment, arguments, facts);
    } catch (const util::Refusal& refusal) {
        return {refusal.exit_code(), refusal.what()};
    }
    FAIL_CHECK("planned without a refusal");
    return {};
}

bool contains(const Words& words, const Words& sequence) {
    return std::search(words.begin(), words.end(), sequence.begin(), sequence.end()) != words.end();
}

template <typename StepType> int count_steps(const Plan& plan) {
    return static_cast<int>(std::ranges::count_if(
        plan.steps, [](const Step& step) { return std::holds_alternative<StepType>(step); }));
}

} // namespace

TEST_CASE("entrypoint::build_plan tcp") {
    SUBCASE("daemon defaults, container-aware jobs, arguments appended verbatim") {
        auto plan = plan_ok(Mode::tcp, {}, {"--port", "3700", "--listen", "127.0.0.1"});
        CHECK(plan.programs.main == Words{"/usr/bin/distccd", "--daemon", "--no-detach",
                                          "--log-level", "notice", "--log-stderr",
                                          "--allow-private", "--user", "distcc", "--jobs", "4",
                                          "--port", "3700", "--listen", "127.0.0.1"});
        CHECK(plan.programs.companions.empty());
        CHECK(plan.health.distccd_port == 3700);
        CHECK(plan.health.address == "127.0.0.1");
        CHECK(plan.job_count_note->find("2 usable CPU(s)") != std::string::npos);
        CHECK(count_steps<CreateGroup>(plan) == 1);
        CHECK(count_steps<CreateUser>(plan) == 1);
    }
    SUBCASE("--jobs / -j in the arguments wins") {
        for (const auto& arguments :
             {Words{"--jobs", "9"}, Words{"-j", "9"}, Words{"-j9"}, Words{"--jobs=9"}}) {
            auto plan = plan_ok(Mode::tcp, {}, arguments);
            CHECK(std::ranges::count(plan.programs.main, "--jobs") ==
                  std::ranges::count(arguments, "--jobs"));
        }
    }
    SUBCASE("a CPU set and affinity also limit the jobs") {
        auto facts = root_facts();
        facts.cpus.quota.reset();
        facts.cpus.cpuset = 3;
        CHECK(contains(plan_ok(Mode::tcp, {}, {}, facts).programs.main, {"--jobs", "5"}));
        facts.cpus.affinity = 1;
        CHECK(contains(plan_ok(Mode::tcp, {}, {}, facts).programs.main, {"--jobs", "3"}));
    }
    SUBCASE("a command instead of the daemon") {
        auto plan = plan_ok(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", "1"}}, {"watch", "ccache", "-s"});
        CHECK(plan.programs.main == Words{"watch", "ccache", "-s"});
        CHECK(plan.environment.at("PATH").starts_with("/usr/lib/ccache/bin:"));
        CHECK_FALSE(plan.health.distccd_port);
    }
    SUBCASE("not root: no accounts, no --user") {
        auto facts = root_facts();
        facts.running_as_root = false;
        auto plan = plan_ok(Mode::tcp, {}, {}, facts);
        CHECK(count_steps<CreateUser>(plan) == 0);
        CHECK(count_steps<CreateGroup>(plan) == 0);
        CHECK_FALSE(contains(plan.programs.main, {"--user"}));
    }
    SUBCASE("--stats is found for the healthcheck") {
        auto plan = plan_ok(Mode::tcp, {}, {"--stats", "--stats-port", "4000"});
        CHECK(plan.health.distccd_stats);
        CHECK(plan.health.distccd_stats_port == 4000);
    }
    SUBCASE("errors") {
        auto facts = root_facts();
        facts.distccd_path.reset();
        CHECK(plan_error(Mode::tcp, {}, {}, facts).exit_code == util::k_exit_missing_program);
        CHECK(plan_error(Mode::tcp, {}, {"--port", "99999"}).message.find("--port") !=
              std::string::npos);
    }
}

TEST_CASE("entrypoint::build_plan ccache") {
    SUBCASE("on") {
        auto plan =
            plan_ok(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", "1"}, {"PATH", "/usr/bin:/bin"}}, {});
        CHECK(plan.environment.at("PATH") == "/usr/lib/ccache/bin:/usr/bin:/bin");
        CHECK(plan.environment.at("CCACHE_DIR") == "/var/cache/ccache");
        CHECK(plan.environment.at("CCACHE_UMASK") == "002");
        REQUIRE(count_steps<PrepareDirectory>(plan) == 2); // the cache and the guard's counts
        auto cache = std::ranges::find_if(plan.steps, [](const auto& step) {
            const auto* directory = std::get_if<PrepareDirectory>(&step);
            return directory != nullptr && directory->path == "/var/cache/ccache";
        });
        REQUIRE(cache != plan.steps.end());
        CHECK(std::get<PrepareDirectory>(*cache).owner == "distcc");
        CHECK(std::get<PrepareDirectory>(*cache).mode == 02775);
    }
    SUBCASE("CCACHE_DIR is respected") {
        auto plan =
            plan_ok(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", "1"}, {"CCACHE_DIR", "/cache"}}, {});
        CHECK(plan.environment.at("CCACHE_DIR") == "/cache");
    }
    SUBCASE("the one yes/no rule") {
        for (const char* value : {"0", "", "no", "False", "off"}) {
            auto environment =
                plan_ok(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", value}}, {}).environment;
            CHECK_FALSE(environment.contains("CCACHE_DIR"));
            CHECK_FALSE(environment.contains("DISTCC_GUARD_CCACHE"));
        }
        for (const char* value : {"yes", "TRUE", "on"}) {
            CHECK(plan_ok(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", value}}, {})
                      .environment.contains("CCACHE_DIR"));
        }
    }
    SUBCASE("errors") {
        auto refused = plan_error(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", "maybe"}}, {});
        CHECK(refused.exit_code == util::k_exit_configuration);
        CHECK(refused.message == "DISTCC_CCACHE_ENABLE=\"maybe\": expected 1 (compile through "
                                 "ccache) or 0 (no ccache); yes/no, true/false and on/off are "
                                 "understood too");
        auto facts = root_facts();
        facts.ccache_masquerade_dir.reset();
        CHECK(plan_error(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", "1"}}, {}, facts).exit_code ==
              util::k_exit_missing_program);
        facts = root_facts();
        facts.running_as_root = false;
        facts.ccache_dir_exists = true;
        facts.ccache_dir_writable = false;
        CHECK(plan_error(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", "1"}}, {}, facts)
                  .message.find("not writable") != std::string::npos);
    }
}

TEST_CASE("entrypoint::build_plan ssh") {
    Environment keys{{"AUTHORIZED_KEYS", k_key}};
    SUBCASE("first start: user, keys, host keys, sshd hardened, loopback distccd companion") {
        auto plan = plan_ok(Mode::ssh, keys, {"-p", "2222", "-o", "ListenAddress=127.0.0.1"});
        CHECK(count_steps<CreateUser>(plan) == 2); // distcc for distccd, distcc-ssh for logins
        auto user = std::get<CreateUser>(plan.steps[2]);
        CHECK(user.name == "distcc-ssh");
        CHECK(user.group == "distcc");
        CHECK(user.home == "/home/distcc-ssh");
        CHECK(user.shell == "/usr/local/bin/distcc-relay"); // no shell before the relay
        auto written = std::get<WriteAuthorizedKeys>(plan.steps[3]);
        CHECK(written.keys.size() == 1);
        auto host_keys = std::get<GenerateHostKeys>(plan.steps[4]);
        CHECK(host_keys.missing_types == Words{"ed25519", "ecdsa", "rsa"});
        const auto& sshd = plan.programs.main;
        CHECK(contains(
            sshd, {"/usr/sbin/sshd", "-D", "-e", "-p", "2222", "-o", "ListenAddress=127.0.0.1"}));
        for (const char* option : {"PasswordAuthentication=no", "KbdInteractiveAuthentication=no",
                                   "PermitRootLogin=no", "AllowUsers=distcc-ssh", "UsePAM=no"}) {
            CHECK(contains(sshd, {"-o", option}));
        }
        CHECK(contains(
            sshd,
            {"-o", "ForceCommand=/usr/local/bin/distcc-relay --port 3632 --shell /bin/bash"}));
        CHECK_FALSE(contains(sshd, {"-o", "PerSourcePenaltyExemptList=127.0.0.1,::1"}));
        REQUIRE(plan.programs.companions.size() == 1);
        CHECK(contains(plan.programs.companions[0],
                       {"--listen", "127.0.0.1", "--allow", "127.0.0.1", "--port", "3632"}));
        CHECK(plan.health.sshd_port == 2222);
        CHECK(plan.health.distccd_port == 3632);
    }
    SUBCASE("the user's arguments come before ours, so they win") {
        auto plan = plan_ok(Mode::ssh, keys, {"-o", "PasswordAuthentication=yes"});
        auto& sshd = plan.programs.main;
        auto user = std::ranges::find(sshd, "PasswordAuthentication=yes");
        auto ours = std::ranges::find(sshd, "PasswordAuthentication=no");
        CHECK(user < ours);
    }
    SUBCASE("restart: our user is reused, host keys kept") {
        auto facts = root_facts();
        facts.users.push_back({"distcc-ssh", 1000, 1000, std::string(defaults::k_ssh_user_marker),
                               "/home/distcc-ssh", "/bin/bash"});
        facts.existing_host_key_types = {"ed25519", "ecdsa", "rsa"};
        auto plan = plan_ok(Mode::ssh, keys, {}, facts);
        CHECK(count_steps<CreateUser>(plan) == 1); // only the distcc system user
        CHECK(std::get<GenerateHostKeys>(plan.steps[3]).missing_types.empty());
    }
    SUBCASE("new sshd: loopback exempt from penalties; SSHD_LOG_LEVEL; compile-only; ccache") {
        auto facts = root_facts();
        facts.sshd_knows_penalty_exemptions = true;
        auto environment = keys;
        environment["SSHD_LOG_LEVEL"] = "verbose";
        environment["DISTCC_SSH_COMPILE_ONLY"] = "1";
        environment["DISTCC_CCACHE_ENABLE"] = "1";
        environment["DISTCC_SSH_DAEMON_PORT"] = "4000";
        auto plan = plan_ok(Mode::ssh, environment, {}, facts);
        auto& sshd = plan.programs.main;
        CHECK(contains(sshd, {"-o", "PerSourcePenaltyExemptList=127.0.0.1,::1"}));
        CHECK(contains(sshd, {"-o", "LogLevel=VERBOSE"}));
        CHECK(contains(sshd, {"-o", "ForceCommand=/usr/local/bin/distcc-relay --port 4000 --shell "
                                    "/bin/bash --compile-only"}));
        auto set_env = std::ranges::find_if(
            sshd, [](const std::string& word) { return word.starts_with("SetEnv="); });
        REQUIRE(set_env != sshd.end());
        CHECK(set_env->find("\"CCACHE_DIR=/var/cache/ccache\"") != std::string::npos);
        // The guard's settings and the compiler list are distccd's, not the sessions'.
        CHECK(plan.environment.contains("DISTCC_GUARD_COMPILERS"));
        CHECK(set_env->find("DISTCC_GUARD_") == std::string::npos);
        CHECK(set_env->find("DISTCC_CMDLIST") == std::string::npos);
    }
    SUBCASE("tunnel mode: distcc-init accepts, sshd -i per connection, one forward allowed") {
        auto environment = keys;
        environment["DISTCC_SSH_TUNNEL"] = "yes";
        environment["DISTCC_SSH_DAEMON_PORT"] = "4000";
        auto plan = plan_ok(Mode::ssh, environment, {"-p", "2222", "-o", "ListenAddress=::1"});
        auto& main = plan.programs.main;
        REQUIRE(main.size() > 10);
        CHECK(std::vector(main.begin(), main.begin() + 10) ==
              std::vector<std::string>{"/usr/local/bin/distcc-init", "ssh-front", "--port", "2222",
                                       "--address", "::1", "--", "/usr/sbin/sshd", "-i", "-e"});
        CHECK(contains(main, {"-o", "AllowTcpForwarding=local"}));
        CHECK(contains(main, {"-o", "PermitOpen=127.0.0.1:4000 localhost:4000"}));
        CHECK(contains(main, {"-o", "AllowStreamLocalForwarding=no"}));
        CHECK(plan.health.sshd_port == 2222);
        auto wildcard = plan_ok(Mode::ssh, environment, {"-o", "ListenAddress=0.0.0.0"});
        CHECK(std::vector(wildcard.programs.main.begin(), wildcard.programs.main.begin() + 5) ==
              std::vector<std::string>{"/usr/local/bin/distcc-init", "ssh-front", "--port", "22",
                                       "--"});
        auto plain = plan_ok(Mode::ssh, keys, {});
        CHECK(plain.programs.main[1] == "-D");
        CHECK(contains(plain.programs.main, {"-o", "AllowTcpForwarding=no"}));
        CHECK_FALSE(std::ranges::any_of(plain.programs.main, [](const std::string& word) {
            return word.starts_with("PermitOpen");
        }));
        environment["DISTCC_SSH_TUNNEL"] = "maybe";
        auto refused = plan_error(Mode::ssh, environment, {});
        CHECK(refused.exit_code == util::k_exit_configuration);
        CHECK(refused.message.starts_with("DISTCC_SSH_TUNNEL=\"maybe\""));
    }
    SUBCASE("AUTHORIZED_KEYS_FILE") {
        auto facts = root_facts();
        facts.authorized_keys_file_content = k_key + "\r\n";
        auto plan = plan_ok(Mode::ssh, {{"AUTHORIZED_KEYS_FILE", "/run/secrets/keys"}}, {}, facts);
        CHECK(std::get<WriteAuthorizedKeys>(plan.steps[3]).keys.size() == 1);
    }
    SUBCASE("a command instead of sshd needs no keys") {
        auto plan = plan_ok(Mode::ssh, {}, {"bash"});
        CHECK(plan.programs.main == Words{"bash"});
        CHECK(plan.programs.companions.empty());
    }
}

TEST_CASE("entrypoint::build_plan ssh errors: one line, nothing half-done") {
    Environment keys{{"AUTHORIZED_KEYS", k_key}};
    CHECK(plan_error(Mode::ssh, {}, {})
              .message.starts_with("no SSH public key: set AUTHORIZED_KEYS"));
    CHECK(plan_error(Mode::ssh, {{"AUTHORIZED_KEYS", k_key}, {"AUTHORIZED_KEYS_FILE", "/k"}}, {})
              .message.find("both set") != std::string::npos);
    CHECK(plan_error(Mode::ssh, {{"AUTHORIZED_KEYS", "ssh-ed25519 AAAA"}}, {})
              .message.starts_with("AUTHORIZED_KEYS line 1: "));
    auto facts = root_facts();
    facts.authorized_keys_file_error = "No such file or directory";
    CHECK(plan_error(Mode::ssh, {{"AUTHORIZED_KEYS_FILE", "/missing"}}, {}, facts).message ==
          "AUTHORIZED_KEYS_FILE=\"/missing\" cannot be read: No such file or directory");
    auto with_name = [&](const std::string& name) {
        auto environment = keys;
        environment["SSH_USERNAME"] = name;
        return plan_error(Mode::ssh, environment, {}).message;
    };
    CHECK(with_name("Bob").starts_with("SSH_USERNAME=\"Bob\": expected a portable user name"));
    CHECK(with_name("root").find("root cannot be") != std::string::npos);
    facts = root_facts();
    facts.users.push_back({"bob", 1000, 1000, "Bob", "/home/bob", "/bin/bash"});
    auto environment = keys;
    environment["SSH_USERNAME"] = "bob";
    CHECK(plan_error(Mode::ssh, environment, {}, facts).message.find("already exists") !=
          std::string::npos);
    facts = root_facts();
    facts.running_as_root = false;
    CHECK(plan_error(Mode::ssh, keys, {}, facts).exit_code == util::k_exit_needs_root);
    facts = root_facts();
    facts.sshd_path.reset();
    CHECK(plan_error(Mode::ssh, keys, {}, facts).exit_code == util::k_exit_missing_program);
    facts = root_facts();
    facts.relay_path.reset();
    auto no_relay = plan_error(Mode::ssh, keys, {}, facts);
    CHECK(no_relay.exit_code == util::k_exit_missing_program);
    CHECK(no_relay.message.starts_with("distcc-relay is missing"));
    environment = keys;
    environment["SSHD_LOG_LEVEL"] = "LOUD";
    CHECK(plan_error(Mode::ssh, environment, {}).message.starts_with("SSHD_LOG_LEVEL=\"LOUD\""));
    environment = keys;
    environment["DISTCC_SSH_COMPILE_ONLY"] = "sometimes";
    CHECK(plan_error(Mode::ssh, environment, {}).message.starts_with("DISTCC_SSH_COMPILE_ONLY"));
    environment = keys;
    environment["DISTCC_SSH_DAEMON_PORT"] = "70000";
    CHECK(plan_error(Mode::ssh, environment, {}).message ==
          "DISTCC_SSH_DAEMON_PORT=\"70000\": expected a TCP port from 1 to 65535");
}

TEST_CASE("entrypoint::build_plan metrics") {
    SUBCASE("off unless asked for") {
        auto plan = plan_ok(Mode::tcp, {}, {});
        CHECK(plan.programs.companions.empty());
        CHECK(plan.ports_to_check.empty());
    }
    SUBCASE("tcp: distccd gets its statistics page, a companion serves /metrics") {
        auto plan =
            plan_ok(Mode::tcp, {{"DISTCC_METRICS_ENABLE", "yes"}, {"DISTCC_CCACHE_ENABLE", "1"}},
                    {"--port", "4000"});
        CHECK(contains(plan.programs.main, {"--stats", "--stats-port", "4001"}));
        CHECK(plan.health.distccd_stats);
        CHECK(plan.health.distccd_stats_port == 4001);
        REQUIRE(plan.programs.companions.size() == 1);
        CHECK(plan.programs.companions[0] ==
              Words{"/usr/local/bin/distcc-init", "metrics", "--address", "0.0.0.0", "--port",
                    "3634", "--worker", "tcp", "--stats-address", "127.0.0.1", "--stats-port",
                    "4001", "--ccache", "--guard-counts", "/run/distcc-init/guard/refused"});
        REQUIRE(plan.ports_to_check.size() == 1);
        CHECK(plan.ports_to_check[0].port == 3634);
        CHECK(plan.ports_to_check[0].variable == "DISTCC_METRICS_PORT");
    }
    SUBCASE("tcp: the user's own --stats-port is used") {
        auto plan =
            plan_ok(Mode::tcp, {{"DISTCC_METRICS_ENABLE", "1"}, {"DISTCC_METRICS_PORT", "9100"}},
                    {"--stats", "--stats-port", "5000"});
        CHECK(std::ranges::count(plan.programs.main, "--stats") == 1);
        CHECK(contains(plan.programs.companions[0], {"--port", "9100"}));
        CHECK(contains(plan.programs.companions[0], {"--stats-port", "5000"}));
    }
    SUBCASE("ssh: the loopback distccd's statistics, counted relay sessions") {
        auto plan = plan_ok(Mode::ssh,
                            {{"AUTHORIZED_KEYS", k_key},
                             {"DISTCC_METRICS_ENABLE", "1"},
                             {"DISTCC_METRICS_ADDRESS", "::1"}},
                            {});
        REQUIRE(plan.programs.companions.size() == 2);
        CHECK(contains(plan.programs.companions[0], {"--stats", "--stats-port", "3633"}));
        CHECK(contains(plan.programs.companions[1],
                       {"--address", "::1", "--port", "3634", "--worker", "ssh"}));
        CHECK(contains(plan.programs.companions[1],
                       {"--session-socket", "/run/distcc-init/ssh-sessions.sock", "--ssh-user",
                        "distcc-ssh"}));
        CHECK(contains(plan.programs.main,
                       {"-o",
                        "ForceCommand=/usr/local/bin/distcc-relay --port 3632 --shell /bin/bash "
                        "--session-socket /run/distcc-init/ssh-sessions.sock"}));
        // /run/sshd and the guard's; the sessions' socket lies in root's run directory, and no
        // directory of the SSH user's holds anything the metrics read.
        CHECK(count_steps<PrepareDirectory>(plan) == 2);
    }
    SUBCASE("refusals: one line, exit 3") {
        auto refused = plan_error(
            Mode::tcp, {{"DISTCC_METRICS_ENABLE", "1"}, {"DISTCC_METRICS_PORT", "3632"}}, {});
        CHECK(refused.exit_code == util::k_exit_configuration);
        CHECK(refused.message.starts_with("DISTCC_METRICS_PORT=3632: the worker uses that port"));
        CHECK(plan_error(Mode::tcp, {{"DISTCC_METRICS_ENABLE", "1"}, {"DISTCC_METRICS_PORT", "x"}},
                         {})
                  .message == "DISTCC_METRICS_PORT=\"x\": expected a TCP port from 1 to 65535");
        CHECK(plan_error(Mode::tcp,
                         {{"DISTCC_METRICS_ENABLE", "1"}, {"DISTCC_METRICS_ADDRESS", "localhost"}},
                         {})
                  .message.starts_with("DISTCC_METRICS_ADDRESS=\"localhost\": expected a numeric"));
        CHECK(plan_error(Mode::tcp, {{"DISTCC_METRICS_ENABLE", "perhaps"}}, {})
                  .message.starts_with("DISTCC_METRICS_ENABLE=\"perhaps\": expected 1"));
    }
}

TEST_CASE("entrypoint::build_plan privileges") {
    Environment keys{{"AUTHORIZED_KEYS", k_key}};
    constexpr std::uint64_t k_docker_default = 0xa80425fb;
    auto facts = root_facts();
    SUBCASE("Docker's default capabilities are enough for both modes") {
        facts.effective_capabilities = k_docker_default;
        plan_ok(Mode::ssh, keys, {}, facts);
        plan_ok(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", "1"}}, {}, facts);
    }
    SUBCASE("ssh with too few: each missing one named, with the flag that gives it back") {
        // CHOWN DAC_OVERRIDE FOWNER SETGID SETUID only: no SYS_CHROOT, KILL, NET_BIND_SERVICE.
        facts.effective_capabilities = 0b11001011;
        auto refused = plan_error(Mode::ssh, keys, {}, facts);
        CHECK(refused.exit_code == util::k_exit_needs_root);
        CHECK(refused.message ==
              "missing capabilities: KILL (stopping processes of those users), SYS_CHROOT "
              "(sshd's privilege separation), NET_BIND_SERVICE (sshd's port below 1024); give "
              "them back (docker run --cap-add KILL --cap-add SYS_CHROOT --cap-add "
              "NET_BIND_SERVICE) or drop fewer");
        CHECK(plan_error(Mode::ssh, keys, {"-p", "2222"}, facts).message.find("NET_BIND") ==
              std::string::npos);
    }
    SUBCASE("a non-root tcp worker needs no capability; a command needs nothing checked") {
        facts.running_as_root = false;
        facts.effective_capabilities = 0;
        plan_ok(Mode::tcp, {}, {}, facts);
        facts.running_as_root = true;
        plan_ok(Mode::tcp, {}, {"ccache", "-s"}, facts);
    }
    SUBCASE("a read-only root file system without tmpfs mounts") {
        facts.temporary_directory_writable = false;
        CHECK(plan_error(Mode::tcp, {}, {}, facts)
                  .message.starts_with("the temporary directory (TMPDIR, else /tmp) is not "
                                       "writable"));
        facts.temporary_directory_writable = true;
        facts.state_directory_read_only = true;
        CHECK(plan_error(Mode::tcp, {}, {}, facts)
                  .message.starts_with("/run/distcc-init is on a read-only file system"));
    }
}

TEST_CASE("entrypoint::build_plan serves the compilers found (add_served_compilers)") {
    auto facts = root_facts();
    facts.ccache_path = "/usr/bin/ccache";
    facts.toolchains.toolchains = {{"/usr/bin/x86_64-linux-gnu-gcc-12",
                                    CompilerFamily::gcc,
                                    Language::c,
                                    "12.2.0",
                                    "x86_64-linux-gnu",
                                    {"gcc"}}};
    facts.toolchains.names = served_names(facts.toolchains.toolchains);
    auto link_step = [](const Plan& plan) -> const LinkCompilers* {
        for (const auto& step : plan.steps) {
            if (const auto* link = std::get_if<LinkCompilers>(&step)) {
                return link;
            }
        }
        return nullptr;
    };
    SUBCASE("tcp: links to the guard, the list in DISTCC_CMDLIST, the compilers in the dry run") {
        auto plan = plan_ok(Mode::tcp, {}, {}, facts);
        const auto* step = link_step(plan);
        REQUIRE(step);
        CHECK(step->directory == "/run/distcc-init/compilers");
        CHECK(step->guard == "/usr/local/bin/distcc-guard");
        CHECK(step->real_directory == "/run/distcc-init/compilers-real");
        CHECK(plan.environment.at("DISTCC_CMDLIST") == "/run/distcc-init/compilers.list");
        CHECK(plan.environment.at("DISTCC_GUARD_COMPILERS") == "/run/distcc-init/compilers-real");
        CHECK(plan.environment.at("DISTCC_GUARD_LOG_FD") == "3");
        CHECK_FALSE(plan.environment.contains("DISTCC_GUARD_CCACHE"));
        CHECK(plan.programs.log_fd_program == "/usr/bin/distccd");
        auto text = render_plan_text(plan, {});
        CHECK(text.find("compilers:\n  - gcc 12.2.0 x86_64-linux-gnu "
                        "/usr/bin/x86_64-linux-gnu-gcc-12: cc, gcc, gcc-12, ") !=
              std::string::npos);
        CHECK(text.find("to the guard /usr/local/bin/distcc-guard") != std::string::npos);
        CHECK(render_plan_json(plan, {}).find("\"compilers\":{\"toolchains\":[{\"path\":") !=
              std::string::npos);
    }
    SUBCASE("ssh: for the loopback distccd too") {
        auto plan = plan_ok(Mode::ssh, {{"AUTHORIZED_KEYS", k_key}}, {}, facts);
        CHECK(link_step(plan));
        CHECK(plan.environment.contains("DISTCC_CMDLIST"));
        CHECK(plan.programs.log_fd_program == "/usr/bin/distccd");
    }
    SUBCASE("with ccache: the guard runs the compilers through it") {
        auto plan =
            plan_ok(Mode::tcp, {{"DISTCC_CCACHE_ENABLE", "1"}, {"PATH", "/usr/bin"}}, {}, facts);
        REQUIRE(link_step(plan));
        CHECK(plan.environment.at("DISTCC_GUARD_CCACHE") == "/usr/bin/ccache");
        CHECK(plan.environment.at("PATH") == "/usr/lib/ccache/bin:/usr/bin");
    }
    SUBCASE("DISTCC_CMDLIST given: its names, through the guard") {
        facts.command_list = "/opt/cross/bin/sh4-linux-gcc\n\n  /opt/gcc-9/bin/gcc-9 \nbogus\n";
        auto plan = plan_ok(Mode::tcp, {{"DISTCC_CMDLIST", "/etc/mine"}}, {}, facts);
        const auto* step = link_step(plan);
        REQUIRE(step);
        CHECK(step->listed ==
              std::map<std::string, std::string>{{"sh4-linux-gcc", "/opt/cross/bin/sh4-linux-gcc"},
                                                 {"gcc-9", "/opt/gcc-9/bin/gcc-9"}});
        CHECK(plan.environment.at("DISTCC_CMDLIST") == "/run/distcc-init/compilers.list");
        facts.command_list = "\n";
        CHECK(plan_error(Mode::tcp, {{"DISTCC_CMDLIST", "/etc/mine"}}, {}, facts)
                  .message.starts_with("DISTCC_CMDLIST=\"/etc/mine\" names no compiler"));
    }
    SUBCASE("a user who cannot write /run/distcc-init: a directory of its own under TMPDIR") {
        facts.running_as_root = false;
        facts.compiler_links_writable = false;
        facts.private_run_dir = "/tmp/distcc-init-1000";
        auto plan = plan_ok(Mode::tcp, {}, {}, facts);
        const auto* step = link_step(plan);
        REQUIRE(step);
        CHECK(step->directory == "/tmp/distcc-init-1000/compilers");
        CHECK(plan.environment.at("DISTCC_GUARD_COMPILERS") ==
              "/tmp/distcc-init-1000/compilers-real");
        CHECK(std::ranges::any_of(plan.steps, [](const auto& one) {
            const auto* directory = std::get_if<PrepareDirectory>(&one);
            return directory != nullptr && directory->path == "/tmp/distcc-init-1000" &&
                   directory->mode == 0700;
        }));
    }
    SUBCASE("no guard beside distcc-init: refused") {
        facts.guard_path.reset();
        auto refusal = plan_error(Mode::tcp, {}, {}, facts);
        CHECK(refusal.exit_code == util::k_exit_missing_program);
        CHECK(refusal.message.starts_with("distcc-guard is not installed"));
    }
    SUBCASE("a command instead of distccd: nothing") {
        auto plan = plan_ok(Mode::tcp, {}, {"ccache", "-s"}, facts);
        CHECK_FALSE(link_step(plan));
    }
}

TEST_CASE("entrypoint::build_plan remote cache") {
    auto facts = root_facts();
    facts.remote_storage_password = "s3cret\n";
    Environment environment{{"DISTCC_CCACHE_ENABLE", "1"},
                            {"CCACHE_REMOTE_STORAGE", "redis://redis:6379"},
                            {"DISTCC_CCACHE_REMOTE_PASSWORD_FILE", "/run/secrets/redis"}};

    SUBCASE("the password goes into the URL, a secret the dry run does not show") {
        auto plan = plan_ok(Mode::tcp, environment, {}, facts);
        CHECK(plan.environment.at("CCACHE_REMOTE_STORAGE") == "redis://s3cret@redis:6379");
        CHECK(plan.secret_environment.at("CCACHE_REMOTE_STORAGE") == "redis://redis:6379");
        CHECK(std::ranges::count(plan.removed_environment, "DISTCC_CCACHE_REMOTE_PASSWORD_FILE") ==
              1);
        REQUIRE(plan.programs.companions.size() == 1);
        CHECK(plan.programs.companions[0] == Words{facts.self_path, "cache-watch"});
        supervisor::Settings settings;
        auto text = render_plan_text(plan, settings);
        auto json = render_plan_json(plan, settings);
        CHECK(text.find("s3cret") == std::string::npos);
        CHECK(json.find("s3cret") == std::string::npos);
        CHECK(text.find("CCACHE_REMOTE_STORAGE=redis://redis:6379") != std::string::npos);
        CHECK(text.find("password from /run/secrets/redis") != std::string::npos);
    }
    SUBCASE("the ssh worker too, and a command run instead gets no watcher") {
        auto plan = plan_ok(
            Mode::ssh,
            [&] {
                auto copy = environment;
                copy["AUTHORIZED_KEYS"] = k_key;
                return copy;
            }(),
            {}, facts);
        CHECK(plan.environment.at("CCACHE_REMOTE_STORAGE") == "redis://s3cret@redis:6379");
        CHECK(std::ranges::count(plan.programs.companions, Words{facts.self_path, "cache-watch"}) ==
              1);
        // The loopback distccd stays the first companion (metrics add --stats to it).
        auto with_metrics = environment;
        with_metrics["AUTHORIZED_KEYS"] = k_key;
        with_metrics["DISTCC_METRICS_ENABLE"] = "1";
        auto metered = plan_ok(Mode::ssh, with_metrics, {}, facts);
        REQUIRE(metered.programs.companions.size() == 3);
        CHECK(metered.programs.companions[0][0] == "/usr/bin/distccd");
        CHECK(contains(metered.programs.companions[0], {"--stats"}));
        CHECK(metered.programs.companions[2] == Words{facts.self_path, "cache-watch"});
        // sshd's SetEnv is on its command line: no secret goes there.
        for (const auto& word : plan.programs.main) {
            CHECK(word.find("s3cret") == std::string::npos);
        }
        auto command = plan_ok(Mode::tcp, environment, {"ccache", "-s"}, facts);
        CHECK(command.environment.at("CCACHE_REMOTE_STORAGE") == "redis://s3cret@redis:6379");
        CHECK(command.programs.companions.empty());
    }
    SUBCASE("without a password file the URL passes as it is, watched") {
        environment.erase("DISTCC_CCACHE_REMOTE_PASSWORD_FILE");
        auto plan = plan_ok(Mode::tcp, environment, {}, facts);
        CHECK_FALSE(plan.environment.contains("CCACHE_REMOTE_STORAGE"));
        CHECK(plan.programs.companions.size() == 1);
    }
    SUBCASE("empty settings are unset ones, as the farm files pass them") {
        environment["DISTCC_CCACHE_REMOTE_PASSWORD_FILE"] = "";
        CHECK(plan_ok(Mode::tcp, environment, {}, facts).programs.companions.size() == 1);
        environment["CCACHE_REMOTE_STORAGE"] = "";
        CHECK(plan_ok(Mode::tcp, environment, {}, facts).programs.companions.empty());
    }
    SUBCASE("ccache off: nothing to watch") {
        environment.erase("DISTCC_CCACHE_REMOTE_PASSWORD_FILE");
        environment["DISTCC_CCACHE_ENABLE"] = "0";
        CHECK(plan_ok(Mode::tcp, environment, {}, facts).programs.companions.empty());
    }
    SUBCASE("refusals: one line, exit 3, the password never in it") {
        auto refused = [&](const Environment& changed, const SystemFacts& with) {
            auto error = plan_error(Mode::tcp, changed, {}, with);
            CHECK(error.exit_code == util::k_exit_configuration);
            CHECK(error.message.find('\n') == std::string::npos);
            CHECK(error.message.find("s3cret") == std::string::npos);
            return error.message;
        };
        auto unreadable = facts;
        unreadable.remote_storage_password.reset();
        unreadable.remote_storage_password_error = "No such file or directory";
        CHECK(refused(environment, unreadable).find("cannot be read") != std::string::npos);
        auto empty = facts;
        empty.remote_storage_password = "\n";
        CHECK(refused(environment, empty).find("empty") != std::string::npos);
        auto unsafe = facts;
        unsafe.remote_storage_password = "s3cret@home";
        CHECK(refused(environment, unsafe).find("character") != std::string::npos);
        auto twice = environment;
        twice["CCACHE_REMOTE_STORAGE"] = "redis://other@redis:6379";
        CHECK(refused(twice, facts).find("remove it from the URL") != std::string::npos);
        auto no_url = environment;
        no_url.erase("CCACHE_REMOTE_STORAGE");
        CHECK(refused(no_url, facts).find("CCACHE_REMOTE_STORAGE is not") != std::string::npos);
        auto no_ccache = environment;
        no_ccache["DISTCC_CCACHE_ENABLE"] = "0";
        CHECK(refused(no_ccache, facts).find("ccache is off") != std::string::npos);
        auto http = environment;
        http["CCACHE_REMOTE_STORAGE"] = "http://cache/farm";
        CHECK(refused(http, facts).find("user name") != std::string::npos);
        auto several = environment;
        several["CCACHE_REMOTE_STORAGE"] = "redis://a redis://b";
        CHECK(refused(several, facts).find("expected one") != std::string::npos);
    }
}

TEST_CASE("entrypoint::build_plan drain") {
    SUBCASE("tcp: distccd's port drains, the guard and the healthcheck know the marker") {
        auto plan = plan_ok(Mode::tcp, {}, {"--port", "4000"});
        CHECK(plan.programs.drain_ports == std::vector<std::uint16_t>{4000});
        CHECK(plan.programs.drain_marker == "/run/distcc-init/draining");
        CHECK(plan.environment.at("DISTCC_GUARD_DRAIN_FILE") == plan.programs.drain_marker);
        CHECK(plan.health.drain_marker == plan.programs.drain_marker);
    }
    SUBCASE("ssh: the loopback distccd's port drains") {
        auto plan = plan_ok(Mode::ssh,
                            {{"AUTHORIZED_KEYS", k_key}, {"DISTCC_SSH_DAEMON_PORT", "3642"}}, {});
        CHECK(plan.programs.drain_ports == std::vector<std::uint16_t>{3642});
    }
    SUBCASE("a command run instead drains nothing") {
        CHECK(plan_ok(Mode::tcp, {}, {"bash"}).programs.drain_ports.empty());
    }
}
