#include "entrypoint/gather_facts.hpp"

#include "entrypoint/file_text.hpp"
#include "entrypoint/system_accounts.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entrypoint {
namespace {

bool is_executable_file(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
           access(path.c_str(), X_OK) == 0;
}

bool is_directory(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

bool file_exists(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0;
}

// OpenSSH lists its keywords in lower case in the binary; 9.8+ knows this one.
bool binary_mentions(const std::string& path, std::string_view needle) {
    auto content = read_text_file(path);
    return content && content->find(needle) != std::string::npos;
}

std::string self_path() {
    char buffer[4096];
    ssize_t length = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    return length > 0 ? std::string(buffer, static_cast<std::size_t>(length))
                      : std::string("/usr/local/bin/distcc-init");
}

} // namespace

std::optional<std::string> find_in_path(const std::string& name, const Environment& environment) {
    std::string_view path = environment.contains("PATH") ? std::string_view(environment.at("PATH"))
                                                         : std::string_view(k_default_path);
    while (true) {
        auto colon = path.find(':');
        auto directory = path.substr(0, colon);
        auto candidate = std::string(directory.empty() ? "." : directory) + "/" + name;
        if (is_executable_file(candidate)) {
            return candidate;
        }
        if (colon == std::string_view::npos) {
            return std::nullopt;
        }
        path.remove_prefix(colon + 1);
    }
}

SystemFacts gather_facts(Mode mode, const Environment& environment) {
    SystemFacts facts;
    facts.running_as_root = geteuid() == 0;
    facts.self_path = self_path();
    facts.distccd_path = find_in_path("distccd", environment);
    if (is_executable_file("/usr/sbin/sshd")) {
        facts.sshd_path = "/usr/sbin/sshd";
    } else {
        facts.sshd_path = find_in_path("sshd", environment);
    }
    if (mode == Mode::ssh && facts.sshd_path) {
        facts.sshd_knows_penalty_exemptions =
            binary_mentions(*facts.sshd_path, "persourcepenaltyexemptlist");
    }
    for (const char* shell : {"/bin/bash", "/bin/sh"}) {
        if (is_executable_file(shell)) {
            facts.login_shell = shell;
            break;
        }
    }
    for (const char* directory : {"/usr/lib/ccache/bin", "/usr/lib/ccache"}) {
        if (is_directory(directory)) {
            facts.ccache_masquerade_dir = directory;
            break;
        }
    }
    auto cache_dir = lookup(environment, "CCACHE_DIR").value_or("/var/cache/ccache");
    facts.ccache_dir_exists = is_directory(cache_dir);
    facts.ccache_dir_writable = access(cache_dir.c_str(), W_OK | X_OK) == 0;
    facts.users = read_passwd();
    facts.groups = read_group();
    if (auto key_file = lookup(environment, "AUTHORIZED_KEYS_FILE")) {
        facts.authorized_keys_file_content = read_text_file(*key_file);
        if (!facts.authorized_keys_file_content) {
            facts.authorized_keys_file_error = std::strerror(errno);
        }
    }
    auto host_key_dir =
        lookup(environment, "SSH_HOST_KEYS_DIR").value_or("/var/lib/distcc-init/ssh-host-keys");
    for (const char* type : {"ed25519", "ecdsa", "rsa"}) {
        if (file_exists(host_key_dir + "/ssh_host_" + type + "_key")) {
            facts.existing_host_key_types.emplace_back(type);
        }
    }
    facts.cpus = probe_cpus();
    return facts;
}

} // namespace entrypoint
