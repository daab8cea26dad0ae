#include "util/shell_quote.hpp"

#include <doctest/doctest.h>

using namespace util;

TEST_CASE("util::shell_quote and join_shell_quoted") {
    CHECK(shell_quote("plain-word_1.2/x=y") == "plain-word_1.2/x=y");
    CHECK(shell_quote("") == "''");
    CHECK(shell_quote("two words") == "'two words'");
    CHECK(shell_quote("it's") == "'it'\\''s'");
    CHECK(join_shell_quoted({"sh", "-c", "exit 3"}) == "sh -c 'exit 3'");
}

TEST_CASE("util::shell_quote writes control characters as $'...' escapes (found by "
          "fuzz_render_plan)") {
    CHECK(shell_quote("a\nb") == "$'a\\nb'");
    CHECK(shell_quote("tab\there, it's \\ \x1b[31m\x7f") ==
          "$'tab\\there, it\\'s \\\\ \\x1b[31m\\x7f'");
    CHECK(join_shell_quoted({"printf", "%s\r\n"}) == "printf $'%s\\r\\n'");
}
