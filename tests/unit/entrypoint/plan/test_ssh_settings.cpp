#include "entrypoint/plan/ssh_settings.hpp"

#include <doctest/doctest.h>

using namespace entrypoint;

TEST_CASE("entrypoint::find_sshd_option and parse_sshd_log_level") {
    CHECK(find_sshd_option({"-o", "ListenAddress=127.0.0.1"}, "ListenAddress") == "127.0.0.1");
    CHECK(find_sshd_option({"-oPort 2222"}, "port") == "2222");
    CHECK(find_sshd_option({"-o", "Port=1", "-o", "Port=2"}, "Port") == "1");
    CHECK_FALSE(find_sshd_option({"-p", "22"}, "Port"));
    CHECK(parse_sshd_log_level("verbose") == "VERBOSE");
    CHECK(parse_sshd_log_level("DEBUG3") == "DEBUG3");
    CHECK_FALSE(parse_sshd_log_level("LOUD"));
}

TEST_CASE("entrypoint::host_key_path") {
    CHECK(host_key_path("/keys", "ed25519") == "/keys/ssh_host_ed25519_key");
}
