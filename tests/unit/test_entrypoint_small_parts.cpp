#include "entrypoint/cpu_limit.hpp"
#include "entrypoint/daemon_arguments.hpp"
#include "entrypoint/json_text.hpp"
#include "entrypoint/listening_sockets.hpp"
#include "entrypoint/passwd_file.hpp"
#include "entrypoint/shell_quote.hpp"
#include "entrypoint/ssh_settings.hpp"
#include "entrypoint/state_file.hpp"
#include "entrypoint/user_name.hpp"

#include <doctest/doctest.h>

using namespace entrypoint;

TEST_CASE("entrypoint::check_user_name") {
    for (const char* good :
         {"distcc-ssh", "bob", "_svc", "a1_b-2", "abcdefghijklmnopqrstuvwxyz012345"}) {
        CHECK_MESSAGE(!check_user_name(good), good);
    }
    for (const char* bad : {"", "Bob", "1bob", "-bob", "bob smith", "bob$", "b.o",
                            "abcdefghijklmnopqrstuvwxyz0123456", "root"}) {
        CHECK_MESSAGE(check_user_name(bad), bad);
    }
}

TEST_CASE("entrypoint::parse_passwd and parse_group") {
    auto users = parse_passwd("root:x:0:0:root:/root:/bin/bash\n+nis::::::\nbroken:x:1\n"
                              "bob:*:1000:995:distcc-init ssh user:/home/bob:/bin/sh\r\n");
    REQUIRE(users.size() == 2);
    auto bob = find_user(users, "bob");
    REQUIRE(bob);
    CHECK(bob->uid == 1000);
    CHECK(bob->gid == 995);
    CHECK(bob->gecos == "distcc-init ssh user");
    CHECK(bob->home == "/home/bob");
    CHECK_FALSE(find_user(users, "alice"));
    auto groups = parse_group("root:x:0:\ndistcc:x:995:bob,alice\nbad:x:y:\n");
    REQUIRE(groups.size() == 2);
    CHECK(find_group(groups, "distcc")->members == std::vector<std::string>{"bob", "alice"});
}

TEST_CASE("entrypoint::parse_cpu_max, count_cpu_list, usable_cpus") {
    CHECK_FALSE(parse_cpu_max("max 100000\n"));
    CHECK(parse_cpu_max("150000 100000\n") == doctest::Approx(1.5));
    CHECK(parse_cpu_max("200000 100000") == doctest::Approx(2.0));
    CHECK_FALSE(parse_cpu_max("garbage"));
    CHECK(count_cpu_list("0-3,8,10-11\n") == 7);
    CHECK(count_cpu_list("5") == 1);
    CHECK_FALSE(count_cpu_list(""));
    CHECK_FALSE(count_cpu_list("3-1"));
    CHECK(usable_cpus(std::nullopt, std::nullopt, std::nullopt, 64) == 64);
    CHECK(usable_cpus(1.5, std::nullopt, std::nullopt, 64) == 2);
    CHECK(usable_cpus(0.2, std::nullopt, std::nullopt, 64) == 1);
    CHECK(usable_cpus(8.0, 4, 6, 64) == 4);
    CHECK(usable_cpus(std::nullopt, std::nullopt, 3, 64) == 3);
    CHECK(distccd_job_count(2) == 4);
}

TEST_CASE("entrypoint::find_option_value and has_option") {
    std::vector<std::string> arguments{"--port",   "3700",   "-j8", "--stats-port=4000",
                                       "--listen", "0.0.0.0"};
    CHECK(find_option_value(arguments, {"--port", "-p"}) == "3700");
    CHECK(find_option_value(arguments, {"--jobs", "-j"}) == "8");
    CHECK(find_option_value(arguments, {"--stats-port"}) == "4000");
    CHECK_FALSE(find_option_value(arguments, {"--allow"}));
    CHECK(has_option(arguments, {"--jobs", "-j"}));
    CHECK_FALSE(has_option(arguments, {"--stats"}));
    CHECK(arguments_are_daemon_options({}));
    CHECK(arguments_are_daemon_options({"--jobs", "2"}));
    CHECK_FALSE(arguments_are_daemon_options({"bash"}));
    CHECK(parse_port_number("22") == 22);
    CHECK_FALSE(parse_port_number("0"));
    CHECK_FALSE(parse_port_number("65536"));
}

TEST_CASE("entrypoint::find_sshd_option and parse_sshd_log_level") {
    CHECK(find_sshd_option({"-o", "ListenAddress=127.0.0.1"}, "ListenAddress") == "127.0.0.1");
    CHECK(find_sshd_option({"-oPort 2222"}, "port") == "2222");
    CHECK(find_sshd_option({"-o", "Port=1", "-o", "Port=2"}, "Port") == "1");
    CHECK_FALSE(find_sshd_option({"-p", "22"}, "Port"));
    CHECK(parse_sshd_log_level("verbose") == "VERBOSE");
    CHECK(parse_sshd_log_level("DEBUG3") == "DEBUG3");
    CHECK_FALSE(parse_sshd_log_level("LOUD"));
}

TEST_CASE("entrypoint::shell_quote and json_quote") {
    CHECK(shell_quote("plain-word_1.2/x=y") == "plain-word_1.2/x=y");
    CHECK(shell_quote("") == "''");
    CHECK(shell_quote("two words") == "'two words'");
    CHECK(shell_quote("it's") == "'it'\\''s'");
    CHECK(join_shell_quoted({"sh", "-c", "exit 3"}) == "sh -c 'exit 3'");
    CHECK(json_quote("a\"b\\c\nd\te\x01") == "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    CHECK(json_quote("héllo") == "\"héllo\"");
}

TEST_CASE("entrypoint::parse_listening_sockets") {
    auto sockets =
        parse_listening_sockets("  sl  local_address rem_address   st tx_queue rx_queue tr "
                                "tm->when retrnsmt   uid  timeout inode\n"
                                "   0: 0100007F:0E30 00000000:0000 0A 00000000:00000002 "
                                "00:00000000 00000000   999        0 4242 1 0 100 0 0 10 0\n"
                                "   1: 0100007F:0E30 0100007F:9C40 01 00000000:00000000 "
                                "00:00000000 00000000   999        0 4343 1 0 20 4 30 10 -1\n");
    REQUIRE(sockets.size() == 1);
    CHECK(sockets[0].port == 3632);
    CHECK(sockets[0].inode == 4242);
    CHECK(sockets[0].accept_queue == 2);
}

TEST_CASE("entrypoint::format_state and parse_state") {
    HealthTarget target;
    target.distccd_port = 3632;
    target.sshd_port = 2222;
    target.distccd_stats = true;
    target.distccd_stats_port = 4000;
    auto parsed = parse_state(format_state(Mode::ssh, target));
    REQUIRE(parsed);
    CHECK(parsed->first == Mode::ssh);
    CHECK(parsed->second.distccd_port == 3632);
    CHECK(parsed->second.sshd_port == 2222);
    CHECK(parsed->second.distccd_stats_port == 4000);
    CHECK(parsed->second.address == "127.0.0.1");
    CHECK_FALSE(parse_state("garbage"));
}
