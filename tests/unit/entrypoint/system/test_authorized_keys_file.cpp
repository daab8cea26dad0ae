#include "entrypoint/system/authorized_keys_file.hpp"
#include "support/scratch_directory.hpp"
#include "util/files.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <unistd.h>

using namespace entrypoint;
namespace fs = std::filesystem;

namespace {

const std::string k_key =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILnJvGeYVUN9jqtyJezK+riEwg4237Pmg1aa9a/4UMKX alice";

// An account whose home is `home`, owned by whoever runs the test.
PasswdEntry scratch_user(const std::string& home) {
    return {"tester", getuid(), getgid(), "", home, "/bin/sh"};
}

} // namespace

TEST_CASE("entrypoint::install_authorized_keys") {
    test_support::ScratchDirectory home;
    auto user = scratch_user(home.path);
    auto keys = std::get<std::vector<PublicKey>>(parse_authorized_keys(k_key));
    SUBCASE("writes .ssh 0700 and the file 0600, rewritten on every start") {
        REQUIRE_FALSE(install_authorized_keys(user, keys));
        CHECK(test_support::mode_of(user.home + "/.ssh") == 0700);
        CHECK(test_support::mode_of(user.home + "/.ssh/authorized_keys") == 0600);
        CHECK(util::read_text_file(user.home + "/.ssh/authorized_keys") == k_key + "\n");
        REQUIRE_FALSE(install_authorized_keys(user, {}));
        CHECK(util::read_text_file(user.home + "/.ssh/authorized_keys") == "");
    }
    SUBCASE("a symlink planted as .ssh is refused") {
        fs::create_directory(user.home + "/elsewhere");
        fs::create_directory_symlink(user.home + "/elsewhere", user.home + "/.ssh");
        auto problem = install_authorized_keys(user, keys);
        REQUIRE(problem);
        CHECK(problem->starts_with(user.home + "/.ssh is not a plain directory"));
        CHECK(fs::is_empty(user.home + "/elsewhere"));
    }
}

TEST_CASE("entrypoint::read_public_key_file") {
    test_support::ScratchDirectory home;
    auto user = scratch_user(home.path);
    REQUIRE_FALSE(util::write_file_atomically(user.home + "/key.pub", k_key + "\n"));
    auto keys = read_public_key_file(user.home + "/key.pub");
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].fingerprint == "SHA256:OD8DeF7bp7+gHJAPpMqTkIOP03oIvLOBkjcvWn39lRw");
    CHECK(read_public_key_file(user.home + "/missing.pub").empty());
}
