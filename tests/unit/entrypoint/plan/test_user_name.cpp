#include "entrypoint/plan/user_name.hpp"

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
