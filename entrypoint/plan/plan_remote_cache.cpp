// ccache's remote storage (CCACHE_REMOTE_STORAGE), shared by the workers of a farm: its
// password from a file, and the companion that says when the storage fails.
#include "entrypoint/plan/plan_parts.hpp"
#include "entrypoint/plan/remote_storage.hpp"
#include "util/exit_codes.hpp"
#include "util/refusal.hpp"

#include <fmt/format.h>

namespace entrypoint {
namespace {

using util::k_exit_configuration;
using util::Refusal;

constexpr std::string_view k_password_file_variable = "DISTCC_CCACHE_REMOTE_PASSWORD_FILE";

// The password file's first line, checked; the message never quotes the password.
std::string read_password(const std::string& file, const SystemFacts& facts) {
    if (!facts.remote_storage_password) {
        throw Refusal(k_exit_configuration,
                      fmt::format("{}={:?} cannot be read: {}", k_password_file_variable, file,
                                  facts.remote_storage_password_error));
    }
    std::string password = *facts.remote_storage_password;
    password = password.substr(0, password.find('\n'));
    if (password.ends_with('\r')) {
        password.pop_back();
    }
    if (password.empty()) {
        throw Refusal(k_exit_configuration, fmt::format("{}={:?}: the file's first line is "
                                                        "empty: put the password there",
                                                        k_password_file_variable, file));
    }
    if (!is_url_safe_password(password)) {
        throw Refusal(k_exit_configuration,
                      fmt::format("{}={:?}: the password has a character ccache cannot carry "
                                  "in a URL: use letters, digits and -._~!$&'()*+,;= only",
                                  k_password_file_variable, file));
    }
    return password;
}

} // namespace

bool add_remote_cache(Plan& plan, const util::Environment& environment, const SystemFacts& facts) {
    auto url = util::lookup(environment, "CCACHE_REMOTE_STORAGE");
    auto password_file = util::lookup(environment, std::string(k_password_file_variable));
    if (password_file && password_file->empty()) {
        password_file.reset(); // the farm files pass it on empty when no password is used
    }
    bool ccache_on = plan.environment.contains("CCACHE_DIR");
    if (!url || url->empty()) {
        if (password_file) {
            throw Refusal(k_exit_configuration,
                          fmt::format("{} is set but CCACHE_REMOTE_STORAGE is not: set it to "
                                      "the shared cache, e.g. redis://redis:6379",
                                      k_password_file_variable));
        }
        return false;
    }
    if (!ccache_on) {
        if (password_file) {
            throw Refusal(k_exit_configuration,
                          fmt::format("{} is set but ccache is off: set DISTCC_CCACHE_ENABLE=1",
                                      k_password_file_variable));
        }
        plan.checks.emplace_back("ccache remote storage: unused (ccache is off)");
        return false;
    }
    auto storage = parse_remote_storage(*url);
    if (!storage) {
        if (password_file) {
            throw Refusal(k_exit_configuration,
                          fmt::format("CCACHE_REMOTE_STORAGE: expected one redis://HOST[:PORT] "
                                      "or http://USER@HOST[:PORT]/PATH URL to put the password "
                                      "of {} in",
                                      k_password_file_variable));
        }
        // ccache's other forms (several URLs, other schemes) pass as they are, unwatched.
        plan.checks.emplace_back(
            "ccache remote storage: CCACHE_REMOTE_STORAGE passed to ccache as it is");
        return false;
    }
    std::string source = "no password";
    if (password_file) {
        if (storage->password) {
            throw Refusal(k_exit_configuration,
                          fmt::format("CCACHE_REMOTE_STORAGE has a password and {} gives one: "
                                      "remove it from the URL",
                                      k_password_file_variable));
        }
        if (storage->scheme == "http" && !storage->user) {
            throw Refusal(k_exit_configuration,
                          fmt::format("CCACHE_REMOTE_STORAGE: an HTTP password needs a user "
                                      "name in the URL (http://USER@HOST/PATH) for {}",
                                      k_password_file_variable));
        }
        storage->password = read_password(*password_file, facts);
        plan.environment["CCACHE_REMOTE_STORAGE"] = remote_storage_url(*storage);
        plan.secret_environment["CCACHE_REMOTE_STORAGE"] = redacted_remote_storage_url(*storage);
        source = fmt::format("password from {}", *password_file);
    } else if (storage->password) {
        source = fmt::format("password in the URL: prefer {} (a file or secret)",
                             k_password_file_variable);
    }
    plan.checks.push_back(fmt::format("ccache remote storage: {} ({})",
                                      redacted_remote_storage_url(*storage), source));
    return true;
}

void add_cache_watch(Plan& plan, const SystemFacts& facts) {
    plan.programs.companions.push_back({facts.self_path, "cache-watch"});
}

} // namespace entrypoint
