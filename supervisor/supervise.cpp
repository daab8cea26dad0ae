#include "supervisor/supervise.hpp"

#include "supervisor/exit_status.hpp"
#include "supervisor/leftovers.hpp"
#include "supervisor/signal_names.hpp"
#include "supervisor/spawn.hpp"
#include "supervisor/startup_pages.hpp"
#include "util/exit_codes.hpp"
#include "util/socket_table.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace supervisor {
namespace {

using Clock = std::chrono::steady_clock;

struct RunningProgram {
    pid_t pid = 0;
    const char* name = ""; // points into Programs, which outlives the supervision
    bool is_main = false;
    bool alive = true;
};

std::string describe_wait_status(int status) {
    if (WIFSIGNALED(status)) {
        return fmt::format("was killed by {}", signal_name(WTERMSIG(status)));
    }
    return fmt::format("exited with code {}", WEXITSTATUS(status));
}

class Supervision {
  public:
    Supervision(const Settings& settings, const InheritedSignals& inherited)
        : m_settings(settings), m_inherited(inherited), m_is_pid1(getpid() == 1) {}

    // Before the first spawn anything may fail and end distcc-init (nothing runs yet); from
    // the first spawn on, PID 1 ends only through the exit rules: run_programs() and
    // everything it calls are noexcept, and each step contains its own failures.
    int run(const Programs& programs) {
        configure_process();
        if (sigterm_already_pending()) {
            spdlog::info("SIGTERM arrived before start: not starting anything");
            return final_exit_code({.terminated_by_sigterm = true},
                                   m_settings.exit_codes_remapped_to_zero);
        }
        m_signal_fd = open_signal_fd();
        if (m_signal_fd < 0) {
            spdlog::error("cannot create a signalfd: {}", std::strerror(errno));
            return util::k_exit_failure;
        }
        m_log_fd_program = &programs.log_fd_program;
        m_drain_ports = &programs.drain_ports;
        m_drain_marker = &programs.drain_marker;
        remove_stale_drain_marker();
        auto wanted = list_programs(programs);
        m_programs.reserve(wanted.size()); // no allocation once programs run
        return run_programs(wanted);
    }

  private:
    using Wanted = std::vector<std::pair<const std::vector<std::string>*, bool>>;

    static Wanted list_programs(const Programs& programs) {
        Wanted wanted{{&programs.main, true}};
        for (const auto& companion : programs.companions) {
            wanted.emplace_back(&companion, false);
        }
        return wanted;
    }

    int run_programs(const Wanted& wanted) noexcept {
        if (int failure = start_all(wanted); failure != 0) {
            return failure;
        }
        loop();
        close(m_signal_fd);
        return final_exit_code(m_outcome, m_settings.exit_codes_remapped_to_zero);
    }

    // Runs one step of the supervision; a failure in it is reported and the loop goes on.
    template <typename Step> static void contain(const char* what, Step step) noexcept {
        try {
            step();
        } catch (const std::exception& error) {
            report_contained_failure(what, error.what());
        } catch (...) {
            report_contained_failure(what, "unknown error");
        }
    }

    // No allocation and no logger: whatever failed may fail again.
    static void report_contained_failure(const char* what, const char* why) noexcept {
        char line[512];
        int length = std::snprintf(line, sizeof line,
                                   "[distcc-init] [warning] %s failed: %s; supervision goes on\n",
                                   what, why);
        if (length > 0) {
            [[maybe_unused]] auto written =
                write(STDERR_FILENO, line, std::min<std::size_t>(sizeof line - 1, length));
        }
        // A failure that repeats must not turn the loop into a busy one.
        timespec pause{0, 10'000'000};
        nanosleep(&pause, nullptr);
    }

    void configure_process() {
        if (m_settings.parent_death_signal) {
            prctl(PR_SET_PDEATHSIG, *m_settings.parent_death_signal);
        }
        if (m_is_pid1) {
            return;
        }
        if (m_settings.register_subreaper) {
            m_is_subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
            if (!m_is_subreaper) {
                spdlog::warn("cannot register as child subreaper: {}", std::strerror(errno));
            }
        } else {
            spdlog::warn("not running as PID 1 and not a child subreaper: zombies re-parented "
                         "elsewhere will not be reaped (use -s or TINI_SUBREAPER=1)");
        }
    }

    static bool sigterm_already_pending() {
        sigset_t pending;
        sigpending(&pending);
        return sigismember(&pending, SIGTERM) == 1;
    }

    static int open_signal_fd() {
        sigset_t set = supervised_signal_set();
        return signalfd(-1, &set, SFD_CLOEXEC);
    }

    // All or nothing: if one program cannot start, the ones already started are stopped.
    // Not inlined: spawning's locals (attributes, file actions, the PATH search) then sit in
    // a frame that is gone once the loop runs, not in the frame beneath it.
    [[gnu::noinline]] int start_all(const Wanted& wanted) noexcept {
        for (auto [argv, is_main] : wanted) {
            bool with_log_fd = !argv->empty() && argv->front() == *m_log_fd_program;
            auto started = spawn_program(*argv, m_inherited, with_log_fd);
            if (const auto* failure = std::get_if<SpawnFailure>(&started)) {
                contain("reporting a failed start", [&] {
                    spdlog::error("cannot run '{}': {}", argv->empty() ? "" : argv->front(),
                                  std::strerror(failure->error_number));
                });
                m_outcome.first_exit_wait_status = failure->exit_code << 8;
                contain("stopping", [this] { begin_stopping(); });
                loop();
                return failure->exit_code;
            }
            pid_t pid = std::get<pid_t>(started);
            m_programs.push_back({pid, argv->front().c_str(), is_main, true});
            contain("logging a start", [&] {
                spdlog::info("started {} '{}' as pid {}", is_main ? "program" : "companion",
                             argv->front(), pid);
            });
        }
        return 0;
    }

    // Blocks in read() on the signalfd alone, as catatonit does: one system call per wake-up
    // besides the reaping. poll() is only needed for a timeout while a grace period runs, and
    // for the first wake-ups, until start-up's pages are given back.
    void loop() noexcept {
        while (!(m_stopping && m_no_children_left)) {
            contain("the supervision loop", [this] {
                if (m_draining) {
                    drain_step();
                    return;
                }
                if (m_deadline && !wait_for_signal_until(*m_deadline)) {
                    escalate();
                    return;
                }
                if (m_wake_ups_before_release > 0 && !m_deadline &&
                    !signal_arrives_while_settling()) {
                    return;
                }
                handle_pending_signals();
            });
        }
    }

    // Start-up's pages are given back once the programs have settled: after 100 ms without a
    // signal, or at the 16th wake-up of a busy loop. A program that ends at once is reaped
    // without the release and the faults that would bring the pages back for the exit path.
    // True when a signal arrived in time; otherwise releases the pages and returns false.
    bool signal_arrives_while_settling() {
        --m_wake_ups_before_release;
        if (m_wake_ups_before_release > 0 &&
            wait_for_signal_until(Clock::now() + std::chrono::milliseconds(100))) {
            return true;
        }
        m_wake_ups_before_release = 0;
        contain("releasing start-up pages",
                [] { spdlog::debug("released {} kB of start-up pages", release_startup_pages()); });
        return false;
    }

    // False when the deadline passed with no signal.
    bool wait_for_signal_until(Clock::time_point deadline) const {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd source{m_signal_fd, POLLIN, 0};
        int ready = poll(&source, 1, static_cast<int>(std::max<long>(0, left.count())));
        return ready != 0;
    }

    // One read: whatever else is pending is read on the next turn of the loop.
    void handle_pending_signals() {
        // Eight at a time: standard signals do not queue (a storm of SIGCHLD is one record),
        // and what is left is read on the next turn; a larger buffer is stack that PID 1
        // keeps resident. Not zeroed: read() fills what it returns.
        std::array<signalfd_siginfo, 8> infos; // NOLINT(cppcoreguidelines-pro-type-member-init)
        ssize_t count = read(m_signal_fd, infos.data(), sizeof infos);
        auto received = count > 0 ? static_cast<std::size_t>(count) / sizeof infos[0] : 0;
        bool child_changed = false;
        for (std::size_t i = 0; i < received; ++i) {
            const auto& info = infos[i];
            auto signal_number = static_cast<int>(info.ssi_signo);
            if (int original = requeued_synchronous_signal(
                    signal_number, info.ssi_code, static_cast<pid_t>(info.ssi_pid), info.ssi_int)) {
                signal_number = original;
            }
            if (signal_number == SIGCHLD) {
                child_changed = true; // one reaping pass serves every SIGCHLD read at once
            } else {
                handle_signal(signal_number);
            }
        }
        if (child_changed) {
            reap_children();
        }
    }

    void handle_signal(int signal_number) {
        if (m_draining && (signal_number == SIGTERM || signal_number == SIGINT)) {
            spdlog::info("{} while draining: stopping now", signal_name(signal_number));
            finish_draining();
            return;
        }
        if (m_stopping) {
            spdlog::debug("{} received while stopping: not forwarded", signal_name(signal_number));
            return;
        }
        if (signal_number == SIGTERM && begin_draining()) {
            return;
        }
        if (spdlog::should_log(spdlog::level::info)) { // signal_name() would touch cold pages
            spdlog::info("forwarding {} to the program", signal_name(signal_number));
        }
        send_to_main(signal_number);
        if (signal_number == SIGTERM || signal_number == SIGINT) {
            if (signal_number == SIGTERM) {
                m_outcome.terminated_by_sigterm = true;
                send_to_companions(SIGTERM);
            }
            start_grace_period();
        }
    }

    void send_to_main(int signal_number) {
        for (const auto& program : m_programs) {
            if (program.is_main && program.alive) {
                kill(m_settings.signal_process_group ? -program.pid : program.pid, signal_number);
            }
        }
    }

    void send_to_companions(int signal_number) {
        for (const auto& program : m_programs) {
            if (!program.is_main && program.alive) {
                kill(program.pid, signal_number);
            }
        }
    }

    void start_grace_period() {
        if (!m_deadline && !m_escalated) {
            m_deadline = Clock::now() + m_settings.grace;
        }
    }

    void reap_children() {
        while (true) {
            int status = 0;
            pid_t pid = waitpid(-1, &status, WNOHANG);
            if (pid < 0 && errno == EINTR) {
                continue;
            }
            if (pid < 0) {
                m_no_children_left = true;
                return;
            }
            if (pid == 0) {
                return;
            }
            on_child_reaped(pid, status);
        }
    }

    void on_child_reaped(pid_t pid, int status) {
        for (auto& program : m_programs) {
            if (program.pid == pid && program.alive) {
                program.alive = false;
                spdlog::info("{} '{}' (pid {}) {}", program.is_main ? "program" : "companion",
                             program.name, pid, describe_wait_status(status));
                if (!m_stopping) {
                    m_outcome.first_exit_wait_status = status;
                    m_outcome.first_exit_was_companion = !program.is_main;
                    begin_stopping();
                }
                return;
            }
        }
        if (m_settings.warn_on_reap) {
            spdlog::warn("reaped zombie process pid {} ({})", pid, describe_wait_status(status));
        } else {
            spdlog::trace("reaped pid {}", pid);
        }
    }

    // Draining: the marker tells the programs' children to hand new work back; the signal is
    // forwarded once the running work is done (drain_step), or at once when nothing drains.
    bool begin_draining() {
        if (m_drain_ports->empty() || m_drain_marker->empty()) {
            return false;
        }
        int fd = open(m_drain_marker->c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) {
            spdlog::warn("cannot create {}: {}; stopping without draining", *m_drain_marker,
                         std::strerror(errno));
            return false;
        }
        close(fd);
        m_outcome.terminated_by_sigterm = true;
        int running = served_connections();
        if (running == 0) {
            spdlog::info("SIGTERM: no compile running: stopping");
            return false;
        }
        m_draining = true;
        start_grace_period();
        spdlog::info("SIGTERM: draining: new compiles are handed back, {} running one(s) have "
                     "{} ms to finish",
                     running, m_settings.grace.count());
        return true;
    }

    // One wait of the drain: a signal, the end of the grace period, or a look at the
    // connections left every 100 ms (no signal says when one ends).
    void drain_step() {
        auto tick = std::min(*m_deadline, Clock::now() + std::chrono::milliseconds(100));
        if (wait_for_signal_until(tick)) {
            handle_pending_signals();
            return;
        }
        if (Clock::now() >= *m_deadline) {
            spdlog::warn("grace period of {} ms expired while draining: stopping {} running "
                         "compile(s)",
                         m_settings.grace.count(), served_connections());
            finish_draining();
        } else if (served_connections() == 0) {
            spdlog::info("drained: no compile left running");
            finish_draining();
        }
    }

    // The stop that draining held back: SIGTERM to every program, and a fresh grace period.
    void finish_draining() {
        m_draining = false;
        m_deadline.reset();
        send_to_main(SIGTERM);
        send_to_companions(SIGTERM);
        start_grace_period();
    }

    // A connection is served until its result is sent: a compile is done when it closes.
    int served_connections() const {
        int count = 0;
        for (auto port : *m_drain_ports) {
            count += util::count_served_connections(port);
        }
        return count;
    }

    // A marker left by an earlier run of this worker (a restarted container keeps its files)
    // would hand every job back.
    void remove_stale_drain_marker() const {
        if (!m_drain_marker->empty() && unlink(m_drain_marker->c_str()) != 0 && errno != ENOENT) {
            spdlog::warn("cannot remove {}: {}", *m_drain_marker, std::strerror(errno));
        }
    }

    // A program ended (or could not start): everything else in our world must go.
    void begin_stopping() {
        m_draining = false;
        m_stopping = true;
        int signal_number = m_escalated ? SIGKILL : SIGTERM;
        send_to_main(signal_number);
        send_to_companions(signal_number);
        if (may_have_leftovers() && signal_leftover_processes(signal_number, m_is_pid1) > 0) {
            spdlog::info("sent {} to the remaining processes", signal_name(signal_number));
        }
        start_grace_period();
        reap_children();
    }

    // Neither PID 1 nor a subreaper, orphans go elsewhere: once our own programs are gone,
    // no descendant is left and /proc need not be scanned. As either, orphans come to us, so
    // with no child left (a program that ended alone, the usual case) nothing is left either.
    bool may_have_leftovers() const {
        return std::ranges::any_of(m_programs, [](const auto& program) { return program.alive; }) ||
               ((m_is_pid1 || m_is_subreaper) && has_children());
    }

    void escalate() {
        spdlog::warn("grace period of {} ms expired: sending SIGKILL", m_settings.grace.count());
        m_deadline.reset();
        m_escalated = true;
        send_to_main(SIGKILL);
        send_to_companions(SIGKILL);
        if (m_stopping && may_have_leftovers()) {
            signal_leftover_processes(SIGKILL, m_is_pid1);
        }
        reap_children();
    }

    const Settings& m_settings;
    const InheritedSignals& m_inherited;
    bool m_is_pid1;
    bool m_is_subreaper = false;
    int m_signal_fd = -1;
    const std::string* m_log_fd_program = nullptr;
    const std::vector<std::uint16_t>* m_drain_ports = nullptr;
    const std::string* m_drain_marker = nullptr;
    bool m_draining = false;
    std::vector<RunningProgram> m_programs;
    Outcome m_outcome;
    bool m_stopping = false;
    bool m_no_children_left = false;
    bool m_escalated = false;
    std::optional<Clock::time_point> m_deadline;
    int m_wake_ups_before_release = 16;
};

} // namespace

int supervise(const Settings& settings, const Programs& programs,
              const InheritedSignals& inherited) {
    return Supervision(settings, inherited).run(programs);
}

} // namespace supervisor
