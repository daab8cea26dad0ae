#include "supervisor/exit_status.hpp"

#include <csignal>
#include <doctest/doctest.h>

using supervisor::exit_code_from_wait_status;
using supervisor::final_exit_code;
using supervisor::Outcome;

namespace {
int exited(int code) {
    return code << 8;
}
int killed_by(int signal_number) {
    return signal_number;
}
} // namespace

TEST_CASE("supervisor::exit_code_from_wait_status") {
    CHECK(exit_code_from_wait_status(exited(0)) == 0);
    CHECK(exit_code_from_wait_status(exited(3)) == 3);
    CHECK(exit_code_from_wait_status(exited(255)) == 255);
    CHECK(exit_code_from_wait_status(killed_by(SIGKILL)) == 137);
    CHECK(exit_code_from_wait_status(killed_by(SIGTERM)) == 143);
    CHECK(exit_code_from_wait_status(killed_by(SIGSEGV) | 0x80) == 139); // with core dump
}

TEST_CASE("supervisor::final_exit_code") {
    SUBCASE("the first program's code") {
        CHECK(final_exit_code({.first_exit_wait_status = exited(7)}, {}) == 7);
        CHECK(final_exit_code({.first_exit_wait_status = killed_by(SIGINT)}, {}) == 130);
    }
    SUBCASE("a SIGTERM shutdown is 143 whatever the child reports") {
        for (int status : {exited(0), exited(1), exited(255), killed_by(SIGTERM), killed_by(9)}) {
            CHECK(final_exit_code({status, false, true}, {}) == 143);
        }
    }
    SUBCASE("a companion that ends first is a failure even with code 0") {
        CHECK(final_exit_code({exited(0), true, false}, {}) == 1);
        CHECK(final_exit_code({exited(4), true, false}, {}) == 4);
        CHECK(final_exit_code({exited(0), true, true}, {}) == 143);
    }
    SUBCASE("-e remaps after everything else") {
        CHECK(final_exit_code({.first_exit_wait_status = exited(3)}, {3, 4}) == 0);
        CHECK(final_exit_code({.first_exit_wait_status = exited(5)}, {3, 4}) == 5);
        CHECK(final_exit_code({exited(0), false, true}, {143}) == 0);
    }
}
