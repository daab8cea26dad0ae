#include "toolchain/system/run_tool.hpp"

#include "supervisor/child_setup.hpp"
#include "supervisor/inherited_signals.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace toolchain {
namespace {

// Between fork and exec: async-signal-safe calls only; a failure ends the child with 127.
[[noreturn]] void exec_child(const ToolRun& run, char* const* argv, char* const* envp,
                             int capture_fd, const supervisor::InheritedSignals& inherited) {
    setpgid(0, 0);
    int input = run.input_fd >= 0 ? run.input_fd : open("/dev/null", O_RDONLY | O_CLOEXEC);
    int output = run.output_fd >= 0 ? run.output_fd : capture_fd;
    if (input < 0 || dup2(input, STDIN_FILENO) < 0 || dup2(output, STDOUT_FILENO) < 0 ||
        dup2(capture_fd, STDERR_FILENO) < 0) {
        _exit(127);
    }
    if (!run.directory.empty() && chdir(run.directory.c_str()) != 0) {
        _exit(127);
    }
    if (run.user &&
        (setgroups(0, nullptr) != 0 || setgid(run.user->gid) != 0 || setuid(run.user->uid) != 0)) {
        _exit(127);
    }
    supervisor::prepare_child_for_exec(inherited);
    execve(argv[0], argv, envp);
    _exit(errno == ENOENT ? 127 : 126);
}

std::vector<char*> pointers(std::vector<std::string>& words) {
    std::vector<char*> result;
    for (auto& word : words) {
        result.push_back(word.data());
    }
    result.push_back(nullptr);
    return result;
}

int status_to_code(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

} // namespace

RunningTool::RunningTool(RunningTool&& other) noexcept
    : m_pid(other.m_pid), m_capture_fd(other.m_capture_fd), m_deadline(other.m_deadline),
      m_limit(other.m_limit) {
    other.m_pid = -1;
    other.m_capture_fd = -1;
}

RunningTool::~RunningTool() {
    if (m_pid > 0) {
        kill(-m_pid, SIGKILL);
        int status = 0;
        while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    if (m_capture_fd >= 0) {
        close(m_capture_fd);
    }
}

ToolResult RunningTool::finish() {
    ToolResult result;
    char buffer[16384];
    while (m_capture_fd >= 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            m_deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            result.timed_out = true;
            break;
        }
        pollfd wait{m_capture_fd, POLLIN, 0};
        int ready = poll(&wait, 1, static_cast<int>(std::min<long>(left.count(), 1000)));
        if (ready < 0 && errno != EINTR) {
            break;
        }
        if (ready <= 0) {
            continue;
        }
        auto count = read(m_capture_fd, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            break;
        }
        auto room = m_limit - std::min(m_limit, result.output.size());
        result.output.append(buffer, std::min(static_cast<std::size_t>(count), room));
    }
    // Whatever the program left in its group goes with it.
    kill(-m_pid, SIGKILL);
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    close(m_capture_fd);
    m_capture_fd = -1;
    result.exit_code = result.timed_out ? -1 : status_to_code(status);
    return result;
}

std::variant<RunningTool, std::string> start_tool(const ToolRun& run) {
    if (run.argv.empty()) {
        return std::string("nothing to run");
    }
    auto argv_words = run.argv;
    auto environment_words = run.environment;
    auto argv = pointers(argv_words);
    auto envp = pointers(environment_words);
    auto inherited = supervisor::capture_current_signals();
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        return util::describe_errno("pipe");
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        return util::describe_errno("fork");
    }
    if (pid == 0) {
        exec_child(run, argv.data(), envp.data(), pipe_fds[1], inherited);
    }
    close(pipe_fds[1]);
    setpgid(pid, pid); // as the child does: no race on who is first
    return RunningTool(pid, pipe_fds[0], std::chrono::steady_clock::now() + run.timeout,
                       run.output_limit);
}

ToolResult run_tool(const ToolRun& run) {
    auto started = start_tool(run);
    if (auto* problem = std::get_if<std::string>(&started)) {
        ToolResult result;
        result.error = *problem;
        return result;
    }
    return std::get<RunningTool>(started).finish();
}

std::vector<std::string> clean_environment(const std::string& path, const std::string& temporary) {
    return {"PATH=" + path, "LC_ALL=C", "TMPDIR=" + temporary};
}

std::string last_words(const ToolResult& result) {
    if (!result.error.empty()) {
        return result.error;
    }
    if (result.timed_out) {
        return "no answer in time";
    }
    auto lines = util::split(util::trim(result.output), '\n');
    for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
        if (!util::trim(*line).empty()) {
            return util::escape_control_characters(util::trim(*line));
        }
    }
    return result.exit_code == 0 ? "" : "exit code " + std::to_string(result.exit_code);
}

} // namespace toolchain
