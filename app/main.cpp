#include "app/about.hpp"
#include "app/command_line.hpp"
#include "app/logging.hpp"
#include "app/run_action.hpp"
#include "util/exit_codes.hpp"
#include "util/refusal.hpp"

#include <cstdio>
#include <exception>

namespace {

void print(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
}

// Everything before supervision: what it allocated is freed on return, but for the job.
app::ActionOutcome prepare(int argc, char** argv) {
    auto environment = util::read_process_environment();
    auto command_line = app::parse_command_line({argv + 1, argv + argc}, environment);
    switch (command_line.action) {
    case app::Action::show_help:
        print(command_line.help_text);
        return 0;
    case app::Action::show_version:
        print(app::version_text());
        return 0;
    case app::Action::show_license:
        print(app::license_text());
        return 0;
    default:
        break;
    }
    app::set_up_logging(command_line.log_level);
    return app::run_action(command_line, environment);
}

int run(int argc, char** argv) {
    auto outcome = prepare(argc, argv);
    if (auto* job = std::get_if<supervisor::Job>(&outcome)) {
        return supervisor::supervise(job->settings, job->programs, job->inherited);
    }
    return std::get<int>(outcome);
}

} // namespace

// The one place where a refusal or an unexpected error ends distcc-init. Both can only come
// from before the first program starts: once programs run, supervise() contains every failure.
int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const util::Refusal& refusal) {
        app::report_error(refusal.what());
        return refusal.exit_code();
    } catch (const std::exception& error) {
        app::report_error(std::string("internal error: ") + error.what());
        return util::k_exit_internal_error;
    } catch (...) {
        app::report_error("internal error");
        return util::k_exit_internal_error;
    }
}
