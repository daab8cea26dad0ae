#include "metrics/remote_cache_watch.hpp"

#include "metrics/collect.hpp"
#include "supervisor/run_helper.hpp"
#include "util/environment.hpp"
#include "util/exit_codes.hpp"
#include "util/socket_address.hpp"
#include "util/tcp_probe.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <thread>

namespace metrics {
namespace {

using State = StorageVerdict::State;

// The first address `getent ahosts NAME` gives (the static binary has no resolver of its own).
std::optional<std::string> resolve(const std::string& host) {
    if (util::parse_socket_address(host, 0)) {
        return host;
    }
    auto result =
        supervisor::run_helper({"getent", "ahosts", host}, supervisor::capture_current_signals());
    for (auto line : util::split(result.exit_code == 0 ? result.output : "", '\n')) {
        auto words = util::split_words(line);
        if (words.size() >= 2 && words[1] == "STREAM") {
            return std::string(words[0]);
        }
    }
    return std::nullopt;
}

// ccache's count of failed remote operations (errors and timeouts); nothing without ccache.
std::optional<double> count_failures() {
    auto stats = read_ccache_stats();
    if (!stats) {
        return std::nullopt;
    }
    double failures = 0;
    for (const char* name : {"remote_storage_error", "remote_storage_timeout"}) {
        if (auto found = stats->counters.find(name); found != stats->counters.end()) {
            failures += found->second;
        }
    }
    return failures;
}

std::string first_line(std::string_view text) {
    return std::string(util::trim(util::split(text, '\n').front()));
}

} // namespace

std::string redis_probe_request(const entrypoint::RemoteStorage& storage) {
    std::string request;
    if (storage.password) {
        request = storage.user ? fmt::format("AUTH {} {}\r\n", *storage.user, *storage.password)
                               : fmt::format("AUTH {}\r\n", *storage.password);
    }
    return request + "PING\r\n";
}

StorageVerdict judge_redis_reply(std::string_view reply, bool sent_password) {
    auto lines = util::split(reply, '\n');
    if (sent_password) {
        auto auth = util::trim(lines.front());
        if (!auth.starts_with("+OK")) {
            return {State::password_refused, first_line(auth)};
        }
        lines.erase(lines.begin());
    }
    auto ping = lines.empty() ? std::string_view{} : util::trim(lines.front());
    if (ping.starts_with("+PONG")) {
        return {State::answering, ""};
    }
    return {State::refused_request, ping.empty() ? "no answer to PING" : first_line(ping)};
}

std::optional<std::string> describe_change(const std::optional<StorageVerdict>& before,
                                           const StorageVerdict& now, std::string_view url,
                                           double new_failures) {
    if (before && before->state == now.state) {
        return std::nullopt;
    }
    auto failures = new_failures > 0 ? fmt::format(" ({} ccache operation(s) failed)",
                                                   static_cast<long long>(new_failures))
                                     : std::string();
    switch (now.state) {
    case State::answering:
        return before ? fmt::format("remote cache {}: answers again", url)
                      : fmt::format("remote cache {}: answers", url);
    case State::password_refused:
        return fmt::format("remote cache {}: the password was refused ({}): check "
                           "DISTCC_CCACHE_REMOTE_PASSWORD_FILE; compiles go on with the local "
                           "cache only{}",
                           url, now.detail, failures);
    case State::unreachable:
        return fmt::format("remote cache {}: unreachable ({}); compiles go on with the local "
                           "cache only{}",
                           url, now.detail, failures);
    case State::refused_request:
        return fmt::format("remote cache {}: refuses requests ({}); compiles go on with the "
                           "local cache only{}",
                           url, now.detail, failures);
    }
    return std::nullopt;
}

StorageVerdict probe_remote_storage(const entrypoint::RemoteStorage& storage,
                                    std::chrono::milliseconds timeout) {
    auto address = resolve(storage.host);
    if (!address) {
        return {State::unreachable, fmt::format("cannot resolve {}", storage.host)};
    }
    auto deadline = std::chrono::steady_clock::now() + timeout;
    if (storage.scheme != "redis") {
        std::string error;
        return util::can_connect(*address, storage.port, deadline, error)
                   ? StorageVerdict{State::answering, ""}
                   : StorageVerdict{State::unreachable, error};
    }
    bool sent_password = storage.password.has_value();
    auto reply = util::exchange_lines(*address, storage.port, deadline,
                                      redis_probe_request(storage), sent_password ? 2 : 1);
    if (!reply && reply.text.empty()) {
        return {State::unreachable, reply.error};
    }
    return judge_redis_reply(reply.text, sent_password);
}

int watch_remote_cache(std::chrono::milliseconds interval) {
    auto url = util::lookup(util::read_process_environment(), "CCACHE_REMOTE_STORAGE");
    auto storage = url ? entrypoint::parse_remote_storage(*url) : std::nullopt;
    if (!storage) {
        spdlog::error("cache-watch: CCACHE_REMOTE_STORAGE is not one redis:// or http:// URL");
        return util::k_exit_configuration;
    }
    auto shown = entrypoint::redacted_remote_storage_url(*storage);
    constexpr auto k_probe_timeout = std::chrono::seconds(1);
    std::optional<StorageVerdict> verdict;
    auto failures = count_failures();
    while (true) {
        auto now_failures = count_failures();
        double new_failures =
            now_failures && failures ? std::max(0.0, *now_failures - *failures) : 0;
        failures = now_failures ? now_failures : failures;
        if (!verdict || verdict->state != State::answering || new_failures > 0) {
            auto now = probe_remote_storage(*storage, k_probe_timeout);
            // The first "answers" is only information; every change after it is news, shown
            // at the companions' level (warn).
            if (auto line = describe_change(verdict, now, shown, new_failures)) {
                if (!verdict && now.state == State::answering) {
                    spdlog::info("{}", *line);
                } else {
                    spdlog::warn("{}", *line);
                }
            }
            verdict = now;
        }
        std::this_thread::sleep_for(interval);
    }
}

} // namespace metrics
