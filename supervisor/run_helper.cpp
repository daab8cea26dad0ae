#include "supervisor/run_helper.hpp"

#include "supervisor/child_setup.hpp"
#include "util/environment.hpp"

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <grp.h>
#include <unistd.h>

namespace supervisor {

namespace bp = boost::process;

namespace {

// In the child, before exec: the user and group it runs as (no supplementary group), and the
// alarm that ends it. A child that cannot drop to the user exits rather than run as root.
void apply_limits(const HelperLimits& limits) noexcept {
    if (limits.gid &&
        (setgroups(0, nullptr) != 0 || setresgid(*limits.gid, *limits.gid, *limits.gid) != 0)) {
        _exit(126);
    }
    if (limits.uid && setresuid(*limits.uid, *limits.uid, *limits.uid) != 0) {
        _exit(126);
    }
    if (limits.seconds > 0) {
        alarm(limits.seconds);
    }
}

} // namespace

HelperResult run_helper(const std::vector<std::string>& argv,
                        const supervisor::InheritedSignals& inherited, const HelperLimits& limits) {
    HelperResult result;
    if (argv.empty()) {
        return result;
    }
    // util's PATH lookup rather than bp::search_path, which alone would link the whole of
    // Boost.Filesystem's operations (about 60 kB) into distcc-init.
    auto program =
        argv.front().find('/') == std::string::npos
            ? util::find_in_path(argv.front(), util::read_process_environment()).value_or("")
            : argv.front();
    if (program.empty()) {
        result.output = argv.front() + ": not found in PATH";
        return result;
    }
    std::error_code error;
    bp::ipstream output;
    bp::child child(boost::filesystem::path(program),
                    bp::args(std::vector<std::string>(argv.begin() + 1, argv.end())),
                    bp::std_in<bp::null, (bp::std_out & bp::std_err)> output, error,
                    bp::extend::on_exec_setup([&inherited, &limits](auto&) {
                        prepare_child_for_exec(inherited);
                        apply_limits(limits);
                    }));
    if (error) {
        result.output = argv.front() + ": " + error.message();
        return result;
    }
    // Read to EOF before waiting, or a chatty helper could block on a full pipe.
    std::string line;
    while (std::getline(output, line)) {
        result.output += line + "\n";
    }
    child.wait(error);
    result.exit_code = error ? -1 : child.exit_code();
    return result;
}

} // namespace supervisor
