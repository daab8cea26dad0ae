#include "support/scratch_directory.hpp"
#include "util/files.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <filesystem>
#include <string_view>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

using test_support::mode_of;
using test_support::ScratchDirectory;

TEST_CASE("util::read_text_file") {
    ScratchDirectory scratch;
    CHECK_FALSE(util::read_text_file(scratch.path + "/missing"));
    CHECK(errno == ENOENT);
    std::string big(100000, 'x');
    REQUIRE_FALSE(util::write_file_atomically(scratch.path + "/big", big));
    CHECK(util::read_text_file(scratch.path + "/big") == big);
    std::string exact(32768, 'y'); // two full chunks, then an empty read
    REQUIRE_FALSE(util::write_file_atomically(scratch.path + "/exact", exact));
    CHECK(util::read_text_file(scratch.path + "/exact") == exact);
    REQUIRE_FALSE(util::write_file_atomically(scratch.path + "/empty", ""));
    CHECK(util::read_text_file(scratch.path + "/empty") == "");
}

TEST_CASE("util::read_rest reads from where the file offset is to the end") {
    ScratchDirectory scratch;
    std::string text = "compile 1\n" + std::string(20000, 'z');
    REQUIRE_FALSE(util::write_file_atomically(scratch.path + "/counts", text));
    util::UniqueFd fd(open((scratch.path + "/counts").c_str(), O_RDONLY | O_CLOEXEC));
    REQUIRE(fd.valid());
    REQUIRE(lseek(fd.get(), 8, SEEK_SET) == 8);
    CHECK(util::read_rest(fd.get()) == text.substr(8));
    CHECK(util::read_rest(fd.get()) == "");
    CHECK_FALSE(util::read_rest(-1));
}

TEST_CASE("util::read_up_to") {
    int ends[2];
    REQUIRE(pipe(ends) == 0);
    std::array<char, 8> buffer{};
    SUBCASE("gathers short reads until the buffer is full") {
        std::thread writer([&] {
            for (const char* piece : {"abc", "def", "ghij"}) {
                CHECK(write(ends[1], piece, std::strlen(piece)) > 0);
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
        CHECK(util::read_up_to(ends[0], buffer) == 8);
        CHECK(std::string_view(buffer.data(), 8) == "abcdefgh");
        writer.join();
        close(ends[1]);
        CHECK(util::read_up_to(ends[0], buffer) == 2);
        CHECK(util::read_up_to(ends[0], buffer) == 0);
    }
    SUBCASE("stops at the end of the file") {
        REQUIRE(write(ends[1], "xy", 2) == 2);
        close(ends[1]);
        CHECK(util::read_up_to(ends[0], buffer) == 2);
    }
    SUBCASE("-1 with errno when reading fails") {
        auto result = util::read_up_to(-1, buffer);
        int error = errno;
        CHECK(result == -1);
        CHECK(error == EBADF);
        close(ends[1]);
    }
    close(ends[0]);
}

TEST_CASE("util::write_file_atomically") {
    ScratchDirectory scratch;
    auto target = scratch.path + "/state";
    REQUIRE_FALSE(util::write_file_atomically(target, "one\n"));
    CHECK(util::read_text_file(target) == "one\n");
    CHECK(mode_of(target) == 0644);
    REQUIRE_FALSE(
        util::write_file_atomically(target, "two\n", {.mode = 0600, .owner = {}, .group = {}}));
    CHECK(util::read_text_file(target) == "two\n");
    CHECK(mode_of(target) == 0600);
    SUBCASE("a symlink at the target is replaced, the file it points to is untouched") {
        auto victim = scratch.path + "/victim";
        REQUIRE_FALSE(util::write_file_atomically(victim, "secret"));
        fs::remove(target);
        fs::create_symlink(victim, target);
        REQUIRE_FALSE(util::write_file_atomically(target, "new"));
        CHECK(util::read_text_file(victim) == "secret");
        CHECK_FALSE(fs::is_symlink(target));
        CHECK(util::read_text_file(target) == "new");
    }
    SUBCASE("no temporary file is left behind") {
        CHECK(std::distance(fs::directory_iterator(scratch.path), fs::directory_iterator()) == 1);
    }
    SUBCASE("a failure says which file") {
        auto problem = util::write_file_atomically(scratch.path + "/no/such/dir/file", "x");
        REQUIRE(problem);
        CHECK(problem->starts_with("cannot create " + scratch.path + "/no/such/dir/file."));
    }
}

TEST_CASE("util::make_directories") {
    ScratchDirectory scratch;
    auto deep = scratch.path + "/a/b/c";
    REQUIRE_FALSE(util::make_directories(deep, 0700));
    CHECK(fs::is_directory(deep));
    CHECK(mode_of(deep) == 0700);
    CHECK(mode_of(scratch.path + "/a") == 0755);
    REQUIRE_FALSE(util::make_directories(deep, 0755)); // existing: left as it is
    CHECK(mode_of(deep) == 0700);
    REQUIRE_FALSE(util::write_file_atomically(scratch.path + "/file", "x"));
    auto problem = util::make_directories(scratch.path + "/file/sub");
    REQUIRE(problem);
    CHECK(problem->find("cannot create " + scratch.path + "/file/sub: Not a directory") !=
          std::string::npos);
}

TEST_CASE("util::remove_tree") {
    ScratchDirectory scratch;
    ScratchDirectory outside;
    auto tree = scratch.path + "/tree";
    REQUIRE_FALSE(util::make_directories(tree + "/a/b"));
    REQUIRE_FALSE(util::write_file_atomically(tree + "/a/b/file", "x"));
    REQUIRE_FALSE(util::write_file_atomically(outside.path + "/kept", "x"));
    std::filesystem::create_directory_symlink(outside.path, tree + "/a/link");
    util::remove_tree(tree);
    CHECK_FALSE(std::filesystem::exists(tree));
    CHECK(std::filesystem::exists(outside.path + "/kept")); // the link went, not its target
    util::remove_tree(scratch.path + "/missing");           // nothing there: no harm
}

TEST_CASE("util::read_symlink") {
    ScratchDirectory scratch;
    std::filesystem::create_symlink("/some/target", scratch.path + "/link");
    CHECK(util::read_symlink(scratch.path + "/link") == "/some/target");
    CHECK_FALSE(util::read_symlink(scratch.path + "/missing"));
    CHECK(util::read_symlink("/proc/self/exe").has_value());
}

TEST_CASE("util::read_untrusted_file") {
    test_support::ScratchDirectory scratch;
    auto file = scratch.path + "/file";
    REQUIRE_FALSE(util::write_file_atomically(file, "hello"));
    CHECK(util::read_untrusted_file(file, 5) == "hello");
    CHECK_FALSE(util::read_untrusted_file(file, 4));
    CHECK(errno == EFBIG);
    auto link = scratch.path + "/link";
    REQUIRE(symlink(file.c_str(), link.c_str()) == 0);
    CHECK_FALSE(util::read_untrusted_file(link, 100));
    CHECK(errno == ELOOP);
    auto fifo = scratch.path + "/fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
    CHECK_FALSE(util::read_untrusted_file(fifo, 100)); // at once, though no writer comes
    CHECK(errno == EINVAL);
    CHECK_FALSE(util::read_untrusted_file("/dev/zero", 100));
    CHECK_FALSE(util::read_untrusted_file(scratch.path + "/missing", 100));
}
