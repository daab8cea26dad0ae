#include "entrypoint/plan/environment_values.hpp"
#include "util/exit_codes.hpp"
#include "util/refusal.hpp"

#include <doctest/doctest.h>

using entrypoint::read_port;
using entrypoint::read_switch;

namespace {

// The message of the refusal `read` throws; its exit code must be 3.
template <typename Read> std::string refusal_of(Read read) {
    try {
        read();
    } catch (const util::Refusal& refusal) {
        CHECK(refusal.exit_code() == util::k_exit_configuration);
        return refusal.what();
    }
    return "(no refusal)";
}

} // namespace

TEST_CASE("entrypoint::read_switch") {
    CHECK_FALSE(read_switch({}, "FLAG", "1 or 0"));
    CHECK_FALSE(read_switch({{"FLAG", ""}}, "FLAG", "1 or 0"));
    CHECK(read_switch({{"FLAG", "Yes"}}, "FLAG", "1 or 0"));
    CHECK_FALSE(read_switch({{"FLAG", "off"}}, "FLAG", "1 or 0"));
    CHECK(refusal_of([] {
              read_switch({{"FLAG", "2"}}, "FLAG", "1 (on) or 0 (off)");
          }) == "FLAG=\"2\": expected 1 (on) or 0 (off); yes/no, true/false and on/off are "
                "understood too");
}

TEST_CASE("entrypoint::read_port") {
    CHECK(read_port({}, "PORT", 3632) == 3632);
    CHECK(read_port({{"PORT", "4000"}}, "PORT", 3632) == 4000);
    CHECK(refusal_of([] {
              read_port({{"PORT", "0"}}, "PORT", 3632);
          }) == "PORT=\"0\": expected a TCP port from 1 to 65535");
}
