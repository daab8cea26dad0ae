// entrypoint::render_plan_text and render_plan_json with hostile values anywhere in a Plan
// (argv words, environment values, key comments, paths, notes, settings). The JSON must
// parse; the text must hold no control character but the renderer's own line feeds.
// Input: one record per line (see support/records.hpp); its first byte says where the rest
// goes: c check, e NAME=VALUE, m main word, O new companion, o companion word, g group,
// u user, w authorized_keys file (home), k key comment, h host key directory, d directory,
// j jobs note, r relay note, M mode (t/s/other), p parent death signal, x remapped exit code,
// G grace in ms.
#include "entrypoint/plan/render_plan.hpp"
#include "support/plan_checks.hpp"
#include "support/records.hpp"
#include "util/number.hpp"

#include <cstddef>
#include <cstdint>

namespace {

using namespace entrypoint;

PublicKey key_with_comment(std::string comment) {
    return {"", "ssh-ed25519",
            "AAAAC3NzaC1lZDI1NTE5AAAAILnJvGeYVUN9jqtyJezK+riEwg4237Pmg1aa9a/4UMKX",
            std::move(comment), "SHA256:OD8DeF7bp7+gHJAPpMqTkIOP03oIvLOBkjcvWn39lRw"};
}

WriteAuthorizedKeys& keys_step(Plan& plan) {
    if (plan.steps.empty() || !std::holds_alternative<WriteAuthorizedKeys>(plan.steps.back())) {
        plan.steps.emplace_back(WriteAuthorizedKeys{"distcc-ssh", "/home/distcc-ssh", {}});
    }
    return std::get<WriteAuthorizedKeys>(plan.steps.back());
}

void add_record(Plan& plan, supervisor::Settings& settings, char field, std::string value) {
    switch (field) {
    case 'c':
        plan.checks.push_back(std::move(value));
        break;
    case 'e': {
        auto equals = value.find('=');
        plan.environment[value.substr(0, equals)] =
            equals == std::string::npos ? "" : value.substr(equals + 1);
        break;
    }
    case 'm':
        plan.programs.main.push_back(std::move(value));
        break;
    case 'O':
        plan.programs.companions.push_back({std::move(value)});
        break;
    case 'o':
        if (plan.programs.companions.empty()) {
            plan.programs.companions.emplace_back();
        }
        plan.programs.companions.back().push_back(std::move(value));
        break;
    case 'g':
        plan.steps.emplace_back(CreateGroup{std::move(value)});
        break;
    case 'u':
        plan.steps.emplace_back(CreateUser{value, "distcc", "/home/" + value, value, false});
        break;
    case 'w':
        plan.steps.emplace_back(WriteAuthorizedKeys{value, std::move(value), {}});
        break;
    case 'k':
        keys_step(plan).keys.push_back(key_with_comment(std::move(value)));
        break;
    case 'h':
        plan.steps.emplace_back(GenerateHostKeys{std::move(value), {"ed25519", "rsa"}, {}});
        break;
    case 'd':
        plan.steps.emplace_back(PrepareDirectory{value, value, value, 02775, value});
        break;
    case 'j':
        plan.job_count_note = std::move(value);
        break;
    case 'r':
        plan.relay_note = std::move(value);
        break;
    case 'M':
        plan.mode = value == "t" ? Mode::tcp : value == "s" ? Mode::ssh : Mode::plain;
        break;
    case 'p':
        settings.parent_death_signal = util::parse_integer<int>(value);
        break;
    case 'x':
        if (auto code = util::parse_integer<int>(value)) {
            settings.exit_codes_remapped_to_zero.insert(*code);
        }
        break;
    case 'G':
        settings.grace = std::chrono::milliseconds(util::parse_integer<long>(value).value_or(0));
        break;
    default:
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz_support::check_json_checker();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Plan plan;
    supervisor::Settings settings;
    for (auto& record : fuzz_support::split_records({reinterpret_cast<const char*>(data), size})) {
        if (!record.empty()) {
            add_record(plan, settings, record.front(), record.substr(1));
        }
    }
    fuzz_support::check_dry_runs(plan, settings);
    return 0;
}
