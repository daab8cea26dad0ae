#include "entrypoint/plan/remote_storage.hpp"

#include "util/number.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace entrypoint {
namespace {

std::optional<std::uint16_t> default_port(std::string_view scheme) {
    if (scheme == "redis") {
        return 6379;
    }
    if (scheme == "http") {
        return 80;
    }
    return std::nullopt;
}

// "[::1]:6379", "redis:6379", "10.0.0.5" -> host and port text (empty when none).
bool split_host_port(std::string_view authority, std::string& host, std::string_view& port) {
    if (authority.starts_with('[')) {
        auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return false;
        }
        host = authority.substr(1, close - 1);
        auto after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) {
            return false;
        }
        port = after.empty() ? after : after.substr(1);
        return !host.empty();
    }
    auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    port = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon + 1);
    return !host.empty() && host.find(':') == std::string::npos;
}

std::string authority_of(const RemoteStorage& storage, bool with_password) {
    std::string userinfo;
    if (storage.scheme == "redis" && !storage.user && storage.password) {
        userinfo = with_password ? *storage.password + "@" : "";
    } else if (storage.user) {
        userinfo = *storage.user;
        if (storage.password && with_password) {
            userinfo += ":" + *storage.password;
        }
        userinfo += "@";
    }
    auto host =
        storage.host.find(':') == std::string::npos ? storage.host : "[" + storage.host + "]";
    return fmt::format("{}{}:{}", userinfo, host, storage.port);
}

} // namespace

std::optional<RemoteStorage> parse_remote_storage(std::string_view url) {
    auto separator = url.find("://");
    if (separator == std::string_view::npos) {
        return std::nullopt;
    }
    RemoteStorage storage;
    storage.scheme = url.substr(0, separator);
    auto port = default_port(storage.scheme);
    if (!port || url.find_first_of(" \t\n") != std::string_view::npos) {
        return std::nullopt;
    }
    auto rest = url.substr(separator + 3);
    auto end = std::min(rest.find_first_of("/|"), rest.size());
    auto authority = rest.substr(0, end);
    storage.rest = rest.substr(end);
    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
        auto userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        auto colon = userinfo.find(':');
        if (colon != std::string_view::npos) {
            storage.user = userinfo.substr(0, colon);
            storage.password = userinfo.substr(colon + 1);
        } else if (storage.scheme == "redis") {
            storage.password = userinfo; // ccache: redis://PASSWORD@HOST
        } else {
            storage.user = userinfo;
        }
    }
    std::string_view port_text;
    if (!split_host_port(authority, storage.host, port_text)) {
        return std::nullopt;
    }
    storage.port = *port;
    if (!port_text.empty()) {
        auto parsed = util::parse_port(port_text);
        if (!parsed) {
            return std::nullopt;
        }
        storage.port = *parsed;
    }
    return storage;
}

std::string remote_storage_url(const RemoteStorage& storage) {
    return fmt::format("{}://{}{}", storage.scheme, authority_of(storage, true), storage.rest);
}

std::string redacted_remote_storage_url(const RemoteStorage& storage) {
    return fmt::format("{}://{}{}", storage.scheme, authority_of(storage, false), storage.rest);
}

bool is_url_safe_password(std::string_view password) {
    constexpr std::string_view k_allowed_marks = "-._~!$&'()*+,;=";
    return !password.empty() && std::ranges::all_of(password, [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               k_allowed_marks.find(c) != std::string_view::npos;
    });
}

} // namespace entrypoint
