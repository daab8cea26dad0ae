// guard::check_arguments on any argument list (the input split at NUL bytes), as a client of
// its own may send it: it decides without crashing; an accepted list names distccd's input and
// output, and holds none of the spellings that run or load a program of the client's or read a
// file it names, unless as the value of an option whose value names nothing (-D X, -MT X).
#include "guard/arguments.hpp"
#include "support/check.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using fuzz_support::require;

namespace {

constexpr std::array<std::string_view, 13> k_text_value_options{
    "-D",      "-U",      "-MT",      "-MQ",        "-L",          "-l",           "-u",
    "-target", "--param", "-Xlinker", "-imultilib", "-imultiarch", "-dumpbase-ext"};

bool is_dangerous(std::string_view word) {
    return word == "-wrapper" || word.starts_with("-specs") || word.starts_with("--specs") ||
           word.starts_with("-fplugin") || word.starts_with("-fpass-plugin") ||
           word.starts_with("-B") || word.starts_with("@") || word.starts_with("-iplugindir") ||
           word.starts_with("--config") || word.starts_with("-fprofile-use");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> arguments;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '\0') {
            arguments.emplace_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    guard::JobPlace place{"/tmp", "/tmp/distccd_AbCdEf/home/user"};
    auto verdict = guard::check_arguments(arguments, place);
    auto again = guard::check_arguments(arguments, place);
    require(verdict.index() == again.index(), "the verdict is the same every time");
    if (const auto* refused = std::get_if<guard::Refused>(&verdict)) {
        require(!refused->family.empty() && !refused->reason.empty(),
                "a refusal says why and in which family");
        return 0;
    }
    const auto& files = std::get<guard::JobFiles>(verdict);
    require(files.output.starts_with("/tmp/distccd_") &&
                files.output.find('/', 5) == std::string::npos,
            "the output is distccd's");
    require(files.input.starts_with("/tmp/distccd_"), "the input is distccd's");
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        bool value_of_text_option =
            i > 0 &&
            std::ranges::find(k_text_value_options, arguments[i - 1]) != k_text_value_options.end();
        require(value_of_text_option || !is_dangerous(arguments[i]),
                "an accepted list holds no option that runs, loads or reads a client's file");
        // cc1 and as read any word that starts with '@' as a file of options, values too; only
        // the linker's, which never runs, may.
        require(!arguments[i].starts_with("@") || (i > 0 && arguments[i - 1] == "-Xlinker"),
                "no response file, not even as a value");
        // ("-load" alone is gcc's -l oad; given to clang's front end it loads a plugin.)
        bool to_front_end =
            i > 0 && arguments[i - 1] == "-Xclang" && !(i > 1 && arguments[i - 2] == "-Xclang");
        require(!to_front_end || (!arguments[i].starts_with("-load") &&
                                  arguments[i].find("plugin") == std::string::npos),
                "nothing that loads reaches clang's front end");
        if (arguments[i].starts_with("-Wa,") || arguments[i].starts_with("-Wp,")) {
            for (std::size_t at = 0; (at = arguments[i].find(",@", at)) != std::string::npos;
                 ++at) {
                require(false, "no response file through -Wa or -Wp");
            }
        }
    }
    return 0;
}
