// app::parse_command_line on any argv and environment. Input: one record per line (see
// support/records.hpp); "$NAME=VALUE" is an environment entry, any other record an argument.
// A util::Refusal (one line, a non-zero exit code) is the expected way to turn a request
// down; any other exception is a finding.
#include "app/command_line.hpp"
#include "support/check.hpp"
#include "support/records.hpp"
#include "util/refusal.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>

using fuzz_support::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> arguments;
    util::Environment environment;
    for (auto& record : fuzz_support::split_records({reinterpret_cast<const char*>(data), size})) {
        if (!fuzz_support::read_environment_record(record, environment)) {
            arguments.push_back(std::move(record));
        }
    }
    try {
        auto parsed = app::parse_command_line(arguments, environment);
        require(parsed.action != app::Action::show_help || !parsed.help_text.empty(),
                "help has a text");
        require(parsed.supervision.grace.count() >= 0, "the grace period is not negative");
        for (int code : parsed.supervision.exit_codes_remapped_to_zero) {
            require(code >= 0 && code <= 255, "remapped exit codes are exit codes");
        }
    } catch (const util::Refusal& refusal) {
        require(refusal.exit_code() != 0, "a refusal exits non-zero");
        require(std::string_view(refusal.what()).find('\n') == std::string_view::npos,
                "a refusal is one line");
    } catch (const std::exception& error) {
        fuzz_support::unexpected_exception(error.what());
    } catch (...) {
        fuzz_support::unexpected_exception("not a std::exception");
    }
    return 0;
}
