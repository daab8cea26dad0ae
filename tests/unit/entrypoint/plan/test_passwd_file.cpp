#include "entrypoint/plan/passwd_file.hpp"

#include <doctest/doctest.h>

using namespace entrypoint;

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
