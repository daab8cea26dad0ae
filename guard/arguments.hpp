#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace guard {

// What distccd decides about a job, which the client cannot: where its files are.
struct JobPlace {
    std::string temp_dir;          // distccd's TMPDIR: its files are TMPDIR/distccd_*
    std::string working_directory; // where the compiler will run (for relative paths)
};

// This job's own files, found among the arguments.
struct JobFiles {
    std::string input;
    std::string output;
    // Where the output is named among the arguments: the word holding it, and whether that
    // word is "-oPATH" (else PATH alone, after "-o").
    std::size_t output_index = 0;
    bool output_joined = false;
    // A pump-mode job (preprocessed on the worker): distccd's directory holding the client's
    // sources and headers, TMPDIR/distccd_XXXXXX. Paths the arguments name must lie in it.
    std::optional<std::string> pump_root;
};

// Why a compile may not run: the argument, and a sentence for the client and the log.
struct Refused {
    std::string argument;
    std::string reason;
    std::string_view
        family; // a bounded metrics label: program, plugin, file, profile, unknown, job
};

// The verdict on a compile's arguments (without argv[0]): its files, or the first argument
// that makes the compiler run or load a program, or read or write a file outside the job.
// Recognises what is allowed (gcc's and clang's compile options) rather than what is not:
// an option it does not know is refused, and the client compiles that unit itself.
std::variant<JobFiles, Refused> check_arguments(std::span<const std::string> arguments,
                                                const JobPlace& place);

} // namespace guard
