#include "guard/job.hpp"

#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <dirent.h>
#include <ftw.h>
#include <memory>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace guard {
namespace {

// The signals that end a compile early (distccd's timeout, a client that went away).
sigset_t ending_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal_number : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) {
        sigaddset(&set, signal_number);
    }
    return set;
}

std::vector<char*> c_strings(const std::vector<std::string>& words) {
    std::vector<char*> pointers;
    pointers.reserve(words.size() + 1);
    for (const auto& word : words) {
        pointers.push_back(const_cast<char*>(word.c_str()));
    }
    pointers.push_back(nullptr);
    return pointers;
}

std::vector<std::string> environment_strings(const util::Environment& environment) {
    std::vector<std::string> strings;
    strings.reserve(environment.size());
    for (const auto& [name, value] : environment) {
        strings.push_back(name + "=" + value);
    }
    return strings;
}

// The guard's children now, as the kernel lists them (the guard has one thread).
std::vector<pid_t> own_children() {
    auto self = std::to_string(getpid());
    auto text = util::read_text_file("/proc/self/task/" + self + "/children").value_or("");
    std::vector<pid_t> children;
    for (auto word : util::split_words(text)) {
        children.push_back(static_cast<pid_t>(std::atol(std::string(word).c_str())));
    }
    return children;
}

void reap_exited() {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
}

// Kills every process left under the guard: as a subreaper it inherits the orphans of its
// descendants, so killing its children until none is left ends them all. A bounded number of
// rounds: what forks faster than that outlives the guard and goes to the worker's PID 1.
void end_leftovers() {
    for (int round = 0; round < 1000; ++round) {
        reap_exited();
        auto children = own_children();
        if (children.empty()) {
            return;
        }
        for (pid_t child : children) {
            kill(child, SIGKILL);
        }
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (waitpid(-1, nullptr, 0) < 0 && errno == ECHILD) {
                return;
            }
        }
    }
}

// The job's own directory under TMPDIR, for what the compiler writes where it runs (relative
// -MF, -save-temps, -dumpdir) and beside its object; removed afterwards, with all of it.
class PrivateDirectory {
  public:
    explicit PrivateDirectory(const std::string& temp_dir) {
        std::string pattern = temp_dir + "/distcc-guard-XXXXXX";
        if (mkdtemp(pattern.data()) != nullptr) {
            m_path = pattern;
        }
    }
    ~PrivateDirectory() {
        if (!m_path.empty()) {
            util::remove_tree(m_path);
        }
    }
    PrivateDirectory(const PrivateDirectory&) = delete;
    PrivateDirectory& operator=(const PrivateDirectory&) = delete;
    const std::string& path() const { return m_path; }

  private:
    std::string m_path;
};

// Waits for the compiler; returns its wait status, or the ending signal's number as a
// negative value when one came first (the compiler is killed then).
int wait_for(pid_t compiler, const sigset_t& signals) {
    while (true) {
        siginfo_t info{};
        int signal_number = sigwaitinfo(&signals, &info);
        if (signal_number < 0) {
            continue; // EINTR
        }
        if (signal_number != SIGCHLD) {
            kill(compiler, SIGKILL);
            return -signal_number;
        }
        int status = 0;
        pid_t pid = 0;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid == compiler) {
                return status;
            }
        }
    }
}

// nftw() takes a plain function: the walk's root and finding.
std::string g_walked_root;
std::optional<std::string> g_link_leaving;

int check_entry(const char* path, const struct stat*, int type, FTW*) {
    if (type != FTW_SL) {
        return 0;
    }
    std::string entry(path);
    auto target = util::read_symlink(entry);
    auto directory = entry.substr(0, entry.rfind('/'));
    auto resolved =
        target
            ? util::normalize_path(target->starts_with("/") ? *target : directory + "/" + *target)
            : std::string("/");
    if (!link_may_stay(entry, resolved, g_walked_root)) {
        g_link_leaving = entry;
        return 1;
    }
    return 0;
}

} // namespace

bool link_may_stay(std::string_view entry, std::string_view resolved, std::string_view root) {
    if (util::is_within(resolved, root)) {
        return true;
    }
    bool mirror = entry.size() == root.size() + resolved.size() && entry.starts_with(root) &&
                  entry.substr(root.size()) == resolved;
    if (!mirror || !resolved.starts_with("/usr/")) {
        return false;
    }
    auto name = util::file_name(resolved);
    return util::is_within(resolved, "/usr/include") || name == "include" ||
           name == "include-fixed";
}

std::optional<std::string> find_link_leaving(const std::string& root) {
    g_walked_root = util::normalize_path(root);
    g_link_leaving.reset();
    nftw(root.c_str(), check_entry, 32, FTW_PHYS);
    return g_link_leaving;
}

namespace {

// The compile in the job's own directory, which is gone when this returns: the compiler's wait
// status, or the negated number of a signal that ended the job first.
int compile_in_private_directory(const std::vector<std::string>& compiler,
                                 std::vector<std::string> arguments,
                                 const util::Environment& environment, const JobFiles& files,
                                 const std::string& temp_dir, const sigset_t& signals,
                                 const sigset_t& inherited) {
    PrivateDirectory directory(temp_dir);
    if (directory.path().empty()) {
        return util::k_exit_cannot_execute;
    }
    if (!files.pump_root && chdir(directory.path().c_str()) != 0) {
        return util::k_exit_cannot_execute;
    }
    auto object = directory.path() + "/" + std::string(util::file_name(files.output));
    arguments[files.output_index] = files.output_joined ? "-o" + object : object;
    auto argv = compiler;
    argv.insert(argv.end(), arguments.begin(), arguments.end());

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setsigmask(&attributes, &inherited);
    auto c_argv = c_strings(argv);
    auto variables = environment_strings(environment);
    auto c_environment = c_strings(variables);
    pid_t pid = 0;
    int error_number = posix_spawn(&pid, c_argv.front(), nullptr, &attributes, c_argv.data(),
                                   c_environment.data());
    posix_spawnattr_destroy(&attributes);
    if (error_number != 0) {
        errno = error_number;
        return error_number == ENOENT ? util::k_exit_not_found : util::k_exit_cannot_execute;
    }

    int status = wait_for(pid, signals);
    end_leftovers();
    if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
        rename(object.c_str(), files.output.c_str()) != 0) {
        status = W_EXITCODE(util::k_exit_failure, 0); // no object where distccd looks
    }
    return status;
}

} // namespace

int run_compile(const std::vector<std::string>& compiler, std::vector<std::string> arguments,
                const util::Environment& environment, const JobFiles& files,
                const std::string& temp_dir) {
    auto signals = ending_signals();
    sigset_t inherited;
    sigprocmask(SIG_BLOCK, &signals, &inherited);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    int status = compile_in_private_directory(compiler, std::move(arguments), environment, files,
                                              temp_dir, signals, inherited);
    // Ended by a signal: the guard ends by it too, as the compiler would have, once the job's
    // directory is gone.
    if (status < 0) {
        signal(-status, SIG_DFL);
        sigprocmask(SIG_SETMASK, &inherited, nullptr);
        raise(-status);
    }
    return status;
}

} // namespace guard
