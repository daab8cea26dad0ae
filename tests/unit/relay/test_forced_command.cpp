#include "relay/forced_command.hpp"

#include <doctest/doctest.h>

using relay::classify_session;
using relay::SessionKind;

TEST_CASE("relay::classify_session") {
    CHECK(classify_session(std::nullopt) == SessionKind::interactive);
    CHECK(classify_session(std::string("")) == SessionKind::interactive);
    CHECK(classify_session(std::string("distccd --inetd --enable-tcp-insecure")) ==
          SessionKind::distccd);
    CHECK(classify_session(std::string("/usr/bin/distccd --inetd")) == SessionKind::distccd);
    CHECK(classify_session(std::string("'/opt/my dir/distccd' --inetd")) == SessionKind::distccd);
    CHECK(classify_session(std::string("distccd --daemon")) == SessionKind::other_command);
    CHECK(classify_session(std::string("ccache -s")) == SessionKind::other_command);
    CHECK(classify_session(std::string("notdistccd --inetd")) == SessionKind::other_command);
    CHECK(classify_session(std::string("distccd --inetd 'unbalanced")) ==
          SessionKind::other_command);
}

TEST_CASE("relay::split_command_words") {
    CHECK(relay::split_command_words(R"(a "b c" 'd e' f\ g)") ==
          std::vector<std::string>{"a", "b c", "d e", "f g"});
    CHECK_FALSE(relay::split_command_words("\"open"));
}
