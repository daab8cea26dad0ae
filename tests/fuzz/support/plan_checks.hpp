#pragma once

// The properties of a dry run, whatever the plan holds: the JSON parses, and the text has
// only the renderer's own line feeds and no other control character.

#include "entrypoint/plan/render_plan.hpp"
#include "support/check.hpp"
#include "support/json_check.hpp"

#include <algorithm>
#include <string>

namespace fuzz_support {

// The lines render_plan_text() writes for `plan`, each value on one line.
inline std::size_t expected_text_lines(const entrypoint::Plan& plan) {
    std::size_t lines = 2;                                    // header, mode
    lines += 1 + plan.checks.size();                          // checks
    lines += 1 + std::max<std::size_t>(plan.steps.size(), 1); // steps, or "(none)"
    for (const auto& step : plan.steps) {
        if (const auto* keys = std::get_if<entrypoint::WriteAuthorizedKeys>(&step)) {
            lines += keys->keys.size(); // one line per key under its step
        }
    }
    // environment: each variable set, one line for those not passed on, or "(unchanged)"
    lines += 1 + std::max<std::size_t>(
                     plan.environment.size() + (plan.removed_environment.empty() ? 0 : 1), 1);
    lines += plan.job_count_note ? 1 : 0;
    lines += plan.relay_note ? 1 : 0;
    if (plan.compilers) { // "compilers:", then one line per toolchain served
        lines += 1 + entrypoint::describe_toolchains(*plan.compilers).size();
    } else if (plan.compilers_note) {
        lines += 1;
    }
    lines += 2 + plan.programs.companions.size(); // supervise, main, companions
    lines += 1;                                   // supervisor settings
    return lines;
}

inline void check_plan_text(const entrypoint::Plan& plan, const std::string& text) {
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        require(c == '\n' || (byte >= 0x20 && byte != 0x7f),
                "the dry-run text holds a raw control character");
    }
    require(!text.empty() && text.back() == '\n', "the dry-run text ends with a line feed");
    require(static_cast<std::size_t>(std::ranges::count(text, '\n')) == expected_text_lines(plan),
            "the dry-run text has a line feed inside a value");
}

inline void check_plan_json(const std::string& json) {
    require(is_valid_json(json), "the dry-run JSON does not parse");
}

// Both renderings of `plan`, checked.
inline void check_dry_runs(const entrypoint::Plan& plan, const supervisor::Settings& settings) {
    check_plan_text(plan, entrypoint::render_plan_text(plan, settings));
    check_plan_json(entrypoint::render_plan_json(plan, settings));
}

// The checker itself, on inputs whose answer is known (run once at start).
inline void check_json_checker() {
    for (std::string_view good : {"{}", "[]", "{\"a\":[1,-2.5e+3,true,false,null,\"\\u00e9\"]}\n",
                                  "\"h\xc3\xa9\"", "0", "\"\xf0\x9f\x98\x80\""}) {
        require(is_valid_json(good), "json checker refuses valid JSON");
    }
    for (std::string_view bad :
         {"", "{", "[1,]", "{\"a\"}", "01", "\"\x01\"", "\"\\x\"", "\"\xff\"", "\"\xc0\xaf\"",
          "\"\xed\xa0\x80\"", "1 2", "tru", "\"\xe2\x82\""}) {
        require(!is_valid_json(bad), "json checker accepts invalid JSON");
    }
}

} // namespace fuzz_support
