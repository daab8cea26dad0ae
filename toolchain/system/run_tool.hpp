#pragma once

// Runs one program of a toolchain (a compiler asked a question, patchelf, gzip, a probe
// compile) with exactly the environment given, optionally as another user, bounded in time
// and output, in a process group of its own that is ended with it: nothing it starts outlives
// it. Not for PID 1 (it waits for its own child): the packer and the worker's toolchain
// service.

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <variant>
#include <vector>

namespace toolchain {

struct UserIds {
    uid_t uid = 0;
    gid_t gid = 0;
};

struct ToolRun {
    std::vector<std::string> argv;        // argv[0] is run by its path, not looked up in PATH
    std::vector<std::string> environment; // NAME=VALUE: the program's whole environment
    std::optional<UserIds> user{};        // switch to it first (needs root)
    std::string directory{};              // working directory; empty: this one
    std::chrono::milliseconds timeout{60000};
    std::size_t output_limit = 1 << 20; // bytes of what is captured that are kept
    int input_fd = -1;                  // stdin; -1: /dev/null
    int output_fd = -1;                 // stdout; -1: captured with stderr
};

struct ToolResult {
    int exit_code = -1; // 128 + N for a signal; -1 when it did not end or could not start
    std::string output; // what was captured (stdout and stderr, or stderr), up to the limit
    bool timed_out = false;
    std::string error; // why it could not be started
};

// A started program; finish_tool() waits for it. Destroyed unfinished, it is killed.
class RunningTool {
  public:
    RunningTool(pid_t pid, int capture_fd, std::chrono::steady_clock::time_point deadline,
                std::size_t limit)
        : m_pid(pid), m_capture_fd(capture_fd), m_deadline(deadline), m_limit(limit) {}
    RunningTool(RunningTool&& other) noexcept;
    RunningTool& operator=(RunningTool&&) = delete;
    RunningTool(const RunningTool&) = delete;
    RunningTool& operator=(const RunningTool&) = delete;
    ~RunningTool();

    pid_t pid() const { return m_pid; }
    // Reads what it prints until it closes its output or the time is up, kills what is left of
    // its process group, and reaps it.
    ToolResult finish();

  private:
    pid_t m_pid;
    int m_capture_fd;
    std::chrono::steady_clock::time_point m_deadline;
    std::size_t m_limit;
};

// Starts the program; the error text when it cannot be started.
std::variant<RunningTool, std::string> start_tool(const ToolRun& run);

// start_tool, then finish.
ToolResult run_tool(const ToolRun& run);

// A clean environment for a toolchain's programs: PATH, LC_ALL=C, TMPDIR, and nothing that
// could make a compiler or the loader reach outside what it was given.
std::vector<std::string> clean_environment(const std::string& path, const std::string& temporary);

// One line of what a tool said: its last non-empty line, or why it could not run.
std::string last_words(const ToolResult& result);

} // namespace toolchain
