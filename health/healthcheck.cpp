#include "health/healthcheck.hpp"

#include "entrypoint/plan/worker_state.hpp"
#include "health/socket_owners.hpp"
#include "supervisor/run_helper.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/tcp_probe.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <optional>
#include <unistd.h>

namespace health {
namespace {

using entrypoint::HealthTarget;

using Clock = std::chrono::steady_clock;

// A failed check: why the worker is unhealthy.
using Problem = std::optional<std::string>;

// Traceless: the kernel's socket table and the owners' process state, no byte sent.
Problem check_listening(std::string_view daemon, std::uint16_t port, std::string& summary) {
    auto sockets = find_listening_sockets(port);
    if (sockets.empty()) {
        return fmt::format("{} is not listening on port {}", daemon, port);
    }
    auto owners = find_socket_owners(sockets);
    if (owners.could_inspect && owners.pids.empty()) {
        return fmt::format("no process holds {}'s socket on port {}", daemon, port);
    }
    if (!owners.pids.empty() && owners.stopped == static_cast<int>(owners.pids.size())) {
        return fmt::format("{} on port {} is stopped", daemon, port);
    }
    summary += fmt::format("{} listening on port {} ({} process(es) waiting for a connection)",
                           daemon, port, owners.waiting_in_accept);
    return std::nullopt;
}

Problem check_stats(const HealthTarget& target, Clock::time_point deadline, std::string& summary) {
    auto reply = util::http_get(target.address, target.distccd_stats_port, deadline);
    if (!reply) {
        return fmt::format("distccd statistics on port {}: {}", target.distccd_stats_port,
                           reply.error);
    }
    if (reply.text.find("<distccstats>") == std::string::npos) {
        return fmt::format("port {} answered, but not with distccd statistics",
                           target.distccd_stats_port);
    }
    summary += ", statistics answer";
    return std::nullopt;
}

Problem check_sshd(const HealthTarget& target, Clock::time_point deadline, std::string& summary) {
    auto banner = util::read_banner(target.address, *target.sshd_port, deadline);
    if (!banner) {
        return fmt::format("sshd on {}:{}: {}", target.address, *target.sshd_port, banner.error);
    }
    if (!banner.text.starts_with("SSH-2.0-")) {
        return fmt::format("port {} answered, but not with an SSH banner", *target.sshd_port);
    }
    summary += ", sshd sends its banner";
    return std::nullopt;
}

Problem compile_through(const HealthTarget& target, std::string& summary) {
    char directory[] = "/tmp/distcc-init-health.XXXXXX";
    if (mkdtemp(directory) == nullptr) {
        return "cannot create a temporary directory for the deep check";
    }
    auto source = std::string(directory) + "/probe.c";
    auto object = std::string(directory) + "/probe.o";
    if (FILE* file = std::fopen(source.c_str(), "we")) {
        std::fputs("int distcc_init_probe(int x) { return x * 7; }\n", file);
        std::fclose(file);
    }
    setenv("DISTCC_HOSTS", fmt::format("{}:{}", target.address, *target.distccd_port).c_str(), 1);
    setenv("DISTCC_FALLBACK", "0", 1);
    setenv("DISTCC_BACKOFF_PERIOD", "0", 1);
    setenv("DISTCC_DIR", directory, 1);
    auto result = supervisor::run_helper({"distcc", "cc", "-c", source, "-o", object},
                                         supervisor::capture_current_signals());
    FILE* file = std::fopen(object.c_str(), "re");
    char magic[4] = {};
    bool is_elf = file != nullptr && std::fread(magic, 1, 4, file) == 4 && magic[0] == 0x7f &&
                  magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
    if (file != nullptr) {
        std::fclose(file);
    }
    supervisor::run_helper({"rm", "-rf", directory}, supervisor::capture_current_signals());
    if (result.exit_code != 0 || !is_elf) {
        auto first_line = result.output.substr(0, result.output.find('\n'));
        return fmt::format("remote compile failed (exit {}): {}", result.exit_code, first_line);
    }
    summary += ", a remote compile works";
    return std::nullopt;
}

[[noreturn]] void on_timeout(int /*signal_number*/) {
    static constexpr char k_message[] = "unhealthy: the check timed out\n";
    [[maybe_unused]] auto written = write(STDOUT_FILENO, k_message, sizeof k_message - 1);
    _exit(util::k_exit_failure);
}

int report(const Problem& problem, const std::string& summary) {
    if (problem) {
        std::printf("unhealthy: %s\n", problem->c_str());
        return util::k_exit_failure;
    }
    std::printf("healthy: %s\n", summary.c_str());
    return 0;
}

// The state file is a few lines; anything larger is not ours.
constexpr std::size_t k_max_state_size = 4096;

} // namespace

int run_healthcheck(const HealthcheckRequest& request) {
    signal(SIGALRM, on_timeout);
    alarm(static_cast<unsigned>(std::max<long>(1, (request.timeout.count() + 999) / 1000)));
    auto deadline = Clock::now() + request.timeout;

    std::string state_file(entrypoint::defaults::k_state_file);
    // In the tcp image the run directory is the distcc user's, whose compilers (pushed ones
    // too) could put a FIFO or a huge file there: read as a file another user may write.
    auto state = entrypoint::parse_state(
        util::read_untrusted_file(state_file, k_max_state_size).value_or(""));
    if (!state) {
        return report(fmt::format("no worker state in {}: is distcc-init --mode tcp|ssh the "
                                  "container's entrypoint?",
                                  state_file),
                      "");
    }
    const auto& [mode, target] = *state;
    std::string summary;
    Problem problem;
    // A draining worker still answers, but hands new compiles back: orchestrators must send
    // it nothing new.
    if (!target.drain_marker.empty() &&
        util::entry_kind(target.drain_marker) != util::EntryKind::missing) {
        problem = "draining: stopping, new compiles are handed back";
    }
    if (!problem && target.sshd_port) {
        problem = check_listening("sshd", *target.sshd_port, summary);
        summary += "; ";
    }
    if (!problem && target.distccd_port) {
        problem = check_listening("distccd", *target.distccd_port, summary);
    }
    if (!problem && target.distccd_stats) {
        problem = check_stats(target, deadline, summary);
    }
    if (!problem && request.deep && target.sshd_port) {
        problem = check_sshd(target, deadline, summary);
    }
    if (!problem && request.deep) {
        problem = target.distccd_port ? compile_through(target, summary)
                                      : Problem("--deep needs a distccd daemon");
    }
    if (!target.sshd_port && !target.distccd_port) {
        summary = "the container runs a command instead of a daemon: nothing to check";
    }
    return report(problem, summary);
}

} // namespace health
