#pragma once

// ccache's remote storage (CCACHE_REMOTE_STORAGE): the one URL the worker understands, and the
// password distcc-init puts into it from a file so that it is never on a command line.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace entrypoint {

// One remote storage URL as ccache 4.7 reads it: SCHEME://[USER[:PASSWORD]@]HOST[:PORT][REST],
// where a lone userinfo word is a Redis password (ccache's rule) or an HTTP user.
struct RemoteStorage {
    std::string scheme; // "redis" or "http"
    std::optional<std::string> user;
    std::optional<std::string> password;
    std::string host;       // a name or a numeric address (IPv6 without brackets)
    std::uint16_t port = 0; // the scheme's default when the URL names none
    std::string rest;       // path and attributes ("/ccache|read-only"), as given
};

// The URL's parts; nothing when it is not one redis:// or http:// URL with a valid port.
std::optional<RemoteStorage> parse_remote_storage(std::string_view url);

// The URL for ccache, the password included.
std::string remote_storage_url(const RemoteStorage& storage);

// The URL for people: no password, ever (for logs, the dry run, messages).
std::string redacted_remote_storage_url(const RemoteStorage& storage);

// Whether ccache can carry this password in a URL: ccache does not decode percent-escapes,
// so a password is limited to characters that need none (letters, digits, -._~!$&'()*+,;=).
bool is_url_safe_password(std::string_view password);

} // namespace entrypoint
