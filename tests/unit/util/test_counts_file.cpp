#include "support/scratch_directory.hpp"
#include "util/counts_file.hpp"
#include "util/files.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

TEST_CASE("util::parse_counts and util::format_counts") {
    CHECK(util::parse_counts("program 2\nfile 1\n") == util::Counts{{"program", 2}, {"file", 1}});
    CHECK(util::format_counts({{"a", 1}, {"b", 25}}) == "a 1\nb 25\n");
    SUBCASE("damaged lines are skipped") {
        CHECK(util::parse_counts("x\ny 1 2\nz -3\nbad-name 1\nw nan\nv inf\nok 4\n") ==
              util::Counts{{"ok", 4}});
        std::string many;
        for (int i = 0; i < 100; ++i) {
            many += "name" + std::to_string(i) + " 1\n";
        }
        CHECK(util::parse_counts(many).size() == 64);
    }
}

TEST_CASE("util::add_count and util::read_counts") {
    test_support::ScratchDirectory scratch;
    auto path = scratch.path + "/counts";
    CHECK_FALSE(util::read_counts(path));
    util::add_count(path, "program");
    util::add_count(path, "program");
    util::add_count(path, "file");
    CHECK(util::read_counts(path) == util::Counts{{"file", 1}, {"program", 2}});
    SUBCASE("a link, a FIFO or a huge file in its place: nothing counted, nothing read") {
        auto link = scratch.path + "/link";
        REQUIRE(symlink(path.c_str(), link.c_str()) == 0);
        util::add_count(link, "program");
        CHECK_FALSE(util::read_counts(link));
        CHECK(util::read_counts(path) == util::Counts{{"file", 1}, {"program", 2}});
        auto fifo = scratch.path + "/fifo";
        REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
        util::add_count(fifo, "program"); // returns at once: no reader would ever come
        CHECK_FALSE(util::read_counts(fifo));
        auto huge = scratch.path + "/huge";
        REQUIRE_FALSE(util::write_file_atomically(huge, std::string(5000, '1')));
        util::add_count(huge, "program");
        CHECK_FALSE(util::read_counts(huge));
    }
}
