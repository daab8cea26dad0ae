// distcc-guard: every compiler a worker serves runs through it. distccd starts it under the
// compiler's name (/run/distcc-init/compilers/NAME); it checks the arguments, which are the
// client's, and refuses any that would make the compiler run or load a program, or read or
// write a file outside the job; then it runs the compiler behind the name (through ccache
// when on) in a place of its own, ends whatever the compiler leaves behind, and exits as the
// compiler did. A program of its own, small and static like distcc-relay: it starts once per
// job.
#include "guard/arguments.hpp"
#include "guard/drain.hpp"
#include "guard/job.hpp"
#include "guard/report.hpp"
#include "guard/settings.hpp"
#include "util/environment.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace {

std::string working_directory() {
    char buffer[PATH_MAX];
    return getcwd(buffer, sizeof buffer) != nullptr ? std::string(buffer) : std::string("/");
}

int exit_code_of(int wait_status) {
    if (WIFEXITED(wait_status)) {
        return WEXITSTATUS(wait_status);
    }
    return WIFSIGNALED(wait_status) ? 128 + WTERMSIG(wait_status) : wait_status;
}

int run_guard(int argc, char** argv) {
    auto environment = util::read_process_environment();
    auto settings = guard::read_settings(environment);
    if (!settings || argc < 1) {
        std::fputs("distcc-guard: not set up (DISTCC_GUARD_COMPILERS is missing): distcc-init "
                   "starts distccd with it\n",
                   stderr);
        return util::k_exit_configuration;
    }
    if (guard::worker_is_draining(*settings)) {
        std::fputs("distcc-guard: this worker is stopping: the job goes back to the client\n",
                   stderr);
        return guard::hand_job_back() ? util::k_exit_failure : util::k_exit_configuration;
    }
    std::string name(util::file_name(argv[0]));
    auto compiler = settings->compilers_dir + "/" + name;
    auto real = util::read_symlink(compiler);
    if (!real) {
        guard::report_refusal(*settings, name,
                              {"", "this worker does not serve that compiler", "not_served"});
        return util::k_exit_failure;
    }
    std::vector<std::string> arguments(argv + 1, argv + argc);
    auto temp_dir = util::lookup(environment, "TMPDIR").value_or("/tmp");
    auto verdict = guard::check_arguments(arguments, {temp_dir, working_directory()});
    if (const auto* refused = std::get_if<guard::Refused>(&verdict)) {
        guard::report_refusal(*settings, name, *refused);
        return util::k_exit_failure;
    }
    const auto& files = std::get<guard::JobFiles>(verdict);
    if (files.pump_root) {
        if (auto link = guard::find_link_leaving(*files.pump_root)) {
            guard::report_refusal(*settings, name,
                                  {*link, "a link in the job's directory leads out of it", "file"});
            return util::k_exit_failure;
        }
    }
    // A pushed compiler lives in the bundles' store: PATH is its own directory alone.
    std::optional<std::string> bundle_bin;
    auto target = util::normalize_path(
        real->starts_with("/") ? *real : settings->compilers_dir + "/" + *real);
    if (settings->bundles_dir && util::is_within(target, *settings->bundles_dir)) {
        bundle_bin = target.substr(0, target.rfind('/'));
    }
    std::vector<std::string> command;
    if (settings->ccache) {
        command.push_back(*settings->ccache);
    }
    command.push_back(compiler);
    int status =
        guard::run_compile(command, std::move(arguments),
                           guard::compiler_environment(environment, bundle_bin), files, temp_dir);
    return exit_code_of(status);
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run_guard(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "distcc-guard: internal error: %s\n", error.what());
        return util::k_exit_internal_error;
    }
}
