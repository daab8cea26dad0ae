#include "supervisor/run_helper.hpp"

#include "supervisor/child_setup.hpp"
#include "util/environment.hpp"

#include <boost/process.hpp>
#include <boost/process/extend.hpp>

namespace supervisor {

namespace bp = boost::process;

HelperResult run_helper(const std::vector<std::string>& argv,
                        const supervisor::InheritedSignals& inherited) {
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
    bp::child child(
        boost::filesystem::path(program),
        bp::args(std::vector<std::string>(argv.begin() + 1, argv.end())),
        bp::std_in<bp::null, (bp::std_out & bp::std_err)> output, error,
        bp::extend::on_exec_setup([&inherited](auto&) { prepare_child_for_exec(inherited); }));
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
