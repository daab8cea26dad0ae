#pragma once

// The `cache-watch` companion: says, once, when ccache's remote storage stops answering (and
// when it answers again), so that a farm's shared cache does not fail in silence. ccache itself
// only counts the failures (remote_storage_error) and compiles on without the storage.

#include "entrypoint/plan/remote_storage.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace metrics {

// What a look at the remote storage found.
struct StorageVerdict {
    enum class State { answering, password_refused, unreachable, refused_request };
    State state = State::answering;
    std::string detail; // why, in the server's or the system's words (never the password)
    bool operator==(const StorageVerdict&) const = default;
};

// Redis's answer to the probe (AUTH when `sent_password`, then PING), as a verdict.
StorageVerdict judge_redis_reply(std::string_view reply, bool sent_password);

// The Redis probe: "AUTH [USER] PASSWORD" when the storage has a password, then "PING".
std::string redis_probe_request(const entrypoint::RemoteStorage& storage);

// The one line to log when the verdict changed from `before` (nothing at the first look) to
// `now`, with the failures ccache counted since the last look; nothing when nothing changed.
std::optional<std::string> describe_change(const std::optional<StorageVerdict>& before,
                                           const StorageVerdict& now, std::string_view url,
                                           double new_failures);

// Looks at the storage once: resolves its host, connects, and for Redis asks as above.
StorageVerdict probe_remote_storage(const entrypoint::RemoteStorage& storage,
                                    std::chrono::milliseconds timeout);

// The companion's loop: every `interval`, ccache's failure counts, and a probe when they grew
// or the storage was not answering; logs each change once. Runs until it is stopped.
int watch_remote_cache(std::chrono::milliseconds interval);

} // namespace metrics
