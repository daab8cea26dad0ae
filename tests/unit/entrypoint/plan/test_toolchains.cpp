#include "entrypoint/plan/toolchains.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <map>

using namespace entrypoint;

namespace {

// A Debian bookworm worker: gcc 12 (the default) and 11, g++ 12, clang 14 (the default) and
// 16, an aarch64 cross gcc.
std::vector<Toolchain> bookworm() {
    using enum CompilerFamily;
    return {
        {"/usr/bin/x86_64-linux-gnu-gcc-12",
         gcc,
         Language::c,
         "12.2.0",
         "x86_64-linux-gnu",
         {"cc", "gcc", "gcc-12", "x86_64-linux-gnu-gcc", "x86_64-linux-gnu-gcc-12"}},
        {"/usr/bin/x86_64-linux-gnu-gcc-11",
         gcc,
         Language::c,
         "11.3.0",
         "x86_64-linux-gnu",
         {"gcc-11", "x86_64-linux-gnu-gcc-11"}},
        {"/usr/bin/x86_64-linux-gnu-g++-12",
         gcc,
         Language::cxx,
         "12.2.0",
         "x86_64-linux-gnu",
         {"c++", "g++", "g++-12", "x86_64-linux-gnu-g++", "x86_64-linux-gnu-g++-12"}},
        {"/usr/lib/llvm-14/bin/clang",
         clang,
         Language::c,
         "14.0.6",
         "x86_64-pc-linux-gnu",
         {"clang", "clang-14"}},
        {"/usr/lib/llvm-16/bin/clang",
         clang,
         Language::c,
         "16.0.6",
         "x86_64-pc-linux-gnu",
         {"clang-16"}},
        {"/usr/lib/llvm-16/bin/clang",
         clang,
         Language::cxx,
         "16.0.6",
         "x86_64-pc-linux-gnu",
         {"clang++-16"}},
        {"/usr/bin/aarch64-linux-gnu-gcc-12",
         gcc,
         Language::c,
         "12.2.0",
         "aarch64-linux-gnu",
         {"aarch64-linux-gnu-gcc", "aarch64-linux-gnu-gcc-12"}},
    };
}

// name -> the path of the toolchain serving it
std::map<std::string, std::string> served_paths(const std::vector<Toolchain>& toolchains) {
    std::map<std::string, std::string> paths;
    for (const auto& served : served_names(toolchains)) {
        paths[served.name] = toolchains[served.toolchain].path +
                             (toolchains[served.toolchain].language == Language::cxx ? " C++" : "");
    }
    return paths;
}

} // namespace

TEST_CASE("entrypoint::parse_compiler_name") {
    auto parsed = [](std::string_view name) {
        auto result = parse_compiler_name(name);
        return result ? result->triple + "|" + result->base + "|" + result->version : "none";
    };
    CHECK(parsed("gcc") == "|gcc|");
    CHECK(parsed("g++-12") == "|g++|12");
    CHECK(parsed("clang++") == "|clang++|");
    CHECK(parsed("clang++-16") == "|clang++|16");
    CHECK(parsed("c++") == "|c++|");
    CHECK(parsed("x86_64-pc-linux-gnu-gcc-13.2.1") == "x86_64-pc-linux-gnu|gcc|13.2.1");
    CHECK(parsed("aarch64-unknown-linux-gnu-g++") == "aarch64-unknown-linux-gnu|g++|");
    CHECK(parsed("x86_64-linux-gnu-clang++-16") == "x86_64-linux-gnu|clang++|16");
    SUBCASE("not C or C++ compilers") {
        for (auto name :
             {"gcc-ar", "gcc-ar-12", "x86_64-linux-gnu-gcc-nm-12", "clang-format", "clang-cpp-16",
              "c89-gcc", "c99-gcc", "gnatgcc", "x86_64-linux-gnu-gnatgcc", "ccache",
              "clang-tidy-14", "gcc-", "-gcc", "clang-cl-14"}) {
            CAPTURE(name);
            CHECK(parsed(name) == "none");
        }
    }
}

TEST_CASE("entrypoint::language_of") {
    CHECK(language_of(*parse_compiler_name("x86_64-pc-linux-gnu-g++")) == Language::cxx);
    CHECK(language_of(*parse_compiler_name("clang++-16")) == Language::cxx);
    CHECK(language_of(*parse_compiler_name("c++")) == Language::cxx);
    CHECK(language_of(*parse_compiler_name("cc")) == Language::c);
    CHECK(language_of(*parse_compiler_name("clang-16")) == Language::c);
}

TEST_CASE("entrypoint::other_triple_spelling") {
    CHECK(other_triple_spelling("x86_64-linux-gnu") == "x86_64-pc-linux-gnu");
    CHECK(other_triple_spelling("x86_64-pc-linux-gnu") == "x86_64-linux-gnu");
    CHECK(other_triple_spelling("aarch64-linux-gnu") == "aarch64-unknown-linux-gnu");
    CHECK(other_triple_spelling("i686-linux-gnu") == "i686-pc-linux-gnu");
    CHECK(other_triple_spelling("arm-linux-gnueabihf") == "armv7a-unknown-linux-gnueabihf");
    CHECK(other_triple_spelling("powerpc64le-linux-gnu") == "powerpc64le-unknown-linux-gnu");
    CHECK(other_triple_spelling("powerpc64-unknown-linux-gnu") == "powerpc64-linux-gnu");
    CHECK_FALSE(other_triple_spelling("mips-linux-gnu"));
}

TEST_CASE("entrypoint::served_names") {
    auto paths = served_paths(bookworm());
    const std::string gcc12 = "/usr/bin/x86_64-linux-gnu-gcc-12";
    const std::string gxx12 = "/usr/bin/x86_64-linux-gnu-g++-12 C++";
    const std::string cross = "/usr/bin/aarch64-linux-gnu-gcc-12";
    SUBCASE("the default gcc: plain, versioned, Debian and Gentoo triples, cc") {
        for (auto name : {"gcc", "gcc-12", "x86_64-linux-gnu-gcc", "x86_64-pc-linux-gnu-gcc",
                          "x86_64-linux-gnu-gcc-12", "x86_64-pc-linux-gnu-gcc-12", "cc",
                          "x86_64-linux-gnu-cc", "x86_64-pc-linux-gnu-cc"}) {
            CAPTURE(name);
            CHECK(paths[name] == gcc12);
        }
        CHECK(paths["c++"] == gxx12);
        CHECK(paths["x86_64-pc-linux-gnu-g++"] == gxx12);
    }
    SUBCASE("another gcc: versioned names only") {
        CHECK(paths["gcc-11"] == "/usr/bin/x86_64-linux-gnu-gcc-11");
        CHECK(paths["x86_64-pc-linux-gnu-gcc-11"] == "/usr/bin/x86_64-linux-gnu-gcc-11");
    }
    SUBCASE("clang: the system's clang owns the plain name, each its versions") {
        CHECK(paths["clang"] == "/usr/lib/llvm-14/bin/clang");
        CHECK(paths["x86_64-pc-linux-gnu-clang"] == "/usr/lib/llvm-14/bin/clang");
        CHECK(paths["x86_64-linux-gnu-clang-16"] == "/usr/lib/llvm-16/bin/clang");
        CHECK(paths["x86_64-pc-linux-gnu-clang-16"] == "/usr/lib/llvm-16/bin/clang");
        // No clang++ installed as such: the highest version gets the plain name.
        CHECK(paths["clang++"] == "/usr/lib/llvm-16/bin/clang C++");
    }
    SUBCASE("a cross compiler: triple names only, both spellings") {
        CHECK(paths["aarch64-linux-gnu-gcc"] == cross);
        CHECK(paths["aarch64-unknown-linux-gnu-gcc"] == cross);
        CHECK(paths["aarch64-unknown-linux-gnu-gcc-12"] == cross);
        CHECK(paths["aarch64-unknown-linux-gnu-cc"] == cross);
        CHECK(paths["gcc"] == gcc12); // never the plain names
    }
    SUBCASE("nothing else: every name is C or C++") {
        for (const auto& [name, path] : paths) {
            CAPTURE(name);
            CHECK(parse_compiler_name(name));
        }
        // gcc 12: 9, g++ 12: 9, gcc 11: 3, clang 14: 6, clang 16: 3, clang++ 16: 6, aarch64: 6
        CHECK(paths.size() == 42);
    }
}

TEST_CASE("entrypoint::served_names gives an installed name to the binary it leads to") {
    // gcc-11 mounted over gcc-12: both say 11; the names installed decide.
    auto toolchains = bookworm();
    toolchains[0].version = "11.3.0";
    auto paths = served_paths(toolchains);
    CHECK(paths["gcc"] == "/usr/bin/x86_64-linux-gnu-gcc-12");
    CHECK(paths["gcc-11"] == "/usr/bin/x86_64-linux-gnu-gcc-11");
    CHECK(paths["gcc-12"] == "/usr/bin/x86_64-linux-gnu-gcc-12");
}

TEST_CASE("entrypoint::served_names on a Gentoo worker: Debian spellings too") {
    std::vector<Toolchain> gentoo{
        {"/usr/x86_64-pc-linux-gnu/gcc-bin/13/x86_64-pc-linux-gnu-gcc",
         CompilerFamily::gcc,
         Language::c,
         "13.2.1",
         "x86_64-pc-linux-gnu",
         {"gcc", "x86_64-pc-linux-gnu-gcc", "x86_64-pc-linux-gnu-gcc-13"}}};
    auto paths = served_paths(gentoo);
    CHECK(paths.contains("x86_64-linux-gnu-gcc"));
    CHECK(paths.contains("x86_64-linux-gnu-gcc-13"));
    CHECK(paths.contains("gcc-13"));
    CHECK(paths.contains("cc"));
}

TEST_CASE("entrypoint::render_toolchain_labels and render_toolchains_text") {
    ServedToolchains served{bookworm(), served_names(bookworm())};
    CHECK(render_toolchain_labels(served) ==
          "org.gentoo-distcc.compilers=aarch64-linux-gnu-gcc-12.2.0,clang++-16.0.6,clang-14.0.6,"
          "clang-16.0.6,g++-12.2.0,gcc-11.3.0,gcc-12.2.0\n"
          "org.gentoo-distcc.targets=aarch64-linux-gnu,x86_64-linux-gnu\n");
    auto text = render_toolchains_text(served);
    CHECK(text.find("x86_64-pc-linux-gnu-gcc -> /usr/bin/x86_64-linux-gnu-gcc-12 (gcc 12.2.0, "
                    "x86_64-linux-gnu)\n") != std::string::npos);
    CHECK(describe_toolchains({}).front().starts_with("no C or C++ compiler found"));
}
