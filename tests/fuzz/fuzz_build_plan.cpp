// entrypoint::build_plan for the tcp and ssh workers with any environment and arguments, on
// the unit tests' fixed root system (tests/unit/support/root_facts.hpp).
// Input: one record per line (see support/records.hpp); "@ssh" or "@tcp" picks the mode
// (tcp by default), "$NAME=VALUE" is an environment entry, any other record an argument.
// util::Refusal is expected; any other exception is a finding. A plan is also rendered as
// both dry runs, which must keep their shape (support/plan_checks.hpp).
#include "../unit/support/root_facts.hpp"
#include "entrypoint/plan/build_plan.hpp"
#include "support/check.hpp"
#include "support/plan_checks.hpp"
#include "support/records.hpp"
#include "util/refusal.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>

using fuzz_support::require;

namespace {

using test_support::root_facts;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz_support::check_json_checker();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto facts = root_facts();
    auto mode = entrypoint::Mode::tcp;
    std::vector<std::string> arguments;
    util::Environment environment;
    for (auto& record : fuzz_support::split_records({reinterpret_cast<const char*>(data), size})) {
        if (record == "@ssh" || record == "@tcp") {
            mode = record == "@ssh" ? entrypoint::Mode::ssh : entrypoint::Mode::tcp;
        } else if (!fuzz_support::read_environment_record(record, environment)) {
            arguments.push_back(std::move(record));
        }
    }
    try {
        auto plan = entrypoint::build_plan(mode, environment, arguments, facts);
        require(plan.mode == mode, "the plan is for the mode asked");
        require(!plan.programs.main.empty() || arguments.empty(), "a plan runs something");
        fuzz_support::check_dry_runs(plan, supervisor::Settings{});
    } catch (const util::Refusal& refusal) {
        require(refusal.exit_code() != 0, "a refusal exits non-zero");
    } catch (const std::exception& error) {
        fuzz_support::unexpected_exception(error.what());
    } catch (...) {
        fuzz_support::unexpected_exception("not a std::exception");
    }
    return 0;
}
