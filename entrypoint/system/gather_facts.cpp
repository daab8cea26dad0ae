#include "entrypoint/system/gather_facts.hpp"

#include "entrypoint/plan/ssh_settings.hpp"
#include "entrypoint/system/cpu_probe.hpp"
#include "entrypoint/system/system_accounts.hpp"
#include "entrypoint/system/toolchain_discovery.hpp"
#include "toolchain/system/store.hpp"
#include "util/capabilities.hpp"
#include "util/files.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace entrypoint {
namespace {

bool file_exists(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0;
}

// OpenSSH lists its keywords in lower case in the binary; 9.8+ knows this one.
bool binary_mentions(const std::string& path, std::string_view needle) {
    auto content = util::read_text_file(path);
    return content && content->find(needle) != std::string::npos;
}

std::optional<std::string> find_sshd(const util::Environment& environment) {
    std::string standard(defaults::k_sshd_path);
    return util::is_executable_file(standard) ? standard : util::find_in_path("sshd", environment);
}

void gather_ssh_facts(SystemFacts& facts, const util::Environment& environment) {
    if (facts.sshd_path) {
        facts.sshd_knows_penalty_exemptions =
            binary_mentions(*facts.sshd_path, "persourcepenaltyexemptlist");
    }
    if (auto key_file = util::lookup(environment, "AUTHORIZED_KEYS_FILE")) {
        facts.authorized_keys_file_content = util::read_text_file(*key_file);
        if (!facts.authorized_keys_file_content) {
            facts.authorized_keys_file_error = std::strerror(errno);
        }
    }
    auto host_key_dir = util::lookup(environment, "SSH_HOST_KEYS_DIR")
                            .value_or(std::string(defaults::k_host_key_dir));
    for (auto type : defaults::k_host_key_types) {
        if (file_exists(host_key_path(host_key_dir, type))) {
            facts.existing_host_key_types.emplace_back(type);
        }
    }
}

// Root may create /run/distcc-init; another user only writes there when it is already theirs.
bool compiler_links_writable(bool running_as_root) {
    auto directory =
        std::string(defaults::k_run_dir) + "/" + std::string(defaults::k_compiler_links);
    auto parent = directory.substr(0, directory.rfind('/'));
    return running_as_root || access(directory.c_str(), W_OK | X_OK) == 0 ||
           (!file_exists(directory) && access(parent.c_str(), W_OK | X_OK) == 0);
}

// The toolchain store and what the toolchain service will need.
void gather_toolchain_store_facts(SystemFacts& facts, const util::Environment& environment) {
    facts.toolchain_store = util::lookup(environment, "DISTCC_TOOLCHAIN_DIR")
                                .value_or(std::string(defaults::k_toolchain_store_dir));
    const auto& store = facts.toolchain_store;
    auto parent = store.substr(0, store.rfind('/'));
    facts.toolchain_store_exists = util::entry_kind(store) == util::EntryKind::directory;
    struct stat info {};
    if (facts.toolchain_store_exists && lstat(store.c_str(), &info) == 0) {
        facts.toolchain_store_owner = info.st_uid;
    }
    facts.toolchain_store_writable =
        access(store.c_str(), W_OK | X_OK) == 0 ||
        (!file_exists(store) && access(parent.c_str(), W_OK | X_OK) == 0);
    facts.bundle_toolchains = toolchain::installed_bundle_toolchains(store);
    facts.patchelf_installed = util::find_in_path("patchelf", environment).has_value();
    if (auto file = util::lookup(environment, "DISTCC_TOOLCHAIN_TOKEN_FILE")) {
        facts.toolchain_token_file_content = util::read_text_file(*file);
    }
}

} // namespace

SystemFacts gather_facts(Mode mode, bool daemon, const util::Environment& environment,
                         const supervisor::InheritedSignals& inherited) {
    SystemFacts facts;
    facts.running_as_root = geteuid() == 0;
    facts.self_path =
        util::read_symlink("/proc/self/exe").value_or(std::string(defaults::k_self_path));
    auto relay_path = facts.self_path.substr(0, facts.self_path.rfind('/') + 1) +
                      std::string(defaults::k_relay_name);
    if (util::is_executable_file(relay_path)) {
        facts.relay_path = relay_path;
    }
    auto guard_path = facts.self_path.substr(0, facts.self_path.rfind('/') + 1) +
                      std::string(defaults::k_guard_name);
    if (util::is_executable_file(guard_path)) {
        facts.guard_path = guard_path;
    }
    facts.distccd_path = util::find_in_path("distccd", environment);
    facts.sshd_path = find_sshd(environment);
    if (mode == Mode::ssh) {
        gather_ssh_facts(facts, environment);
    }
    for (auto shell : defaults::k_login_shells) {
        if (util::is_executable_file(std::string(shell))) {
            facts.login_shell = shell;
            break;
        }
    }
    for (auto directory : defaults::k_ccache_masquerade_dirs) {
        if (util::is_directory(std::string(directory))) {
            facts.ccache_masquerade_dir = directory;
            break;
        }
    }
    auto cache_dir =
        util::lookup(environment, "CCACHE_DIR").value_or(std::string(defaults::k_ccache_dir));
    facts.ccache_dir_exists = util::is_directory(cache_dir);
    facts.ccache_dir_writable = access(cache_dir.c_str(), W_OK | X_OK) == 0;
    if (daemon) {
        facts.toolchains = discover_toolchains(environment, inherited);
        gather_toolchain_store_facts(facts, environment);
    }
    facts.compiler_links_writable = compiler_links_writable(facts.running_as_root);
    if (auto list = util::lookup(environment, "DISTCC_CMDLIST")) {
        facts.command_list = util::read_text_file(*list);
    }
    facts.ccache_path = util::find_in_path("ccache", environment);
    if (auto file = util::lookup(environment, "DISTCC_CCACHE_REMOTE_PASSWORD_FILE")) {
        facts.remote_storage_password = util::read_text_file(*file);
        if (!facts.remote_storage_password) {
            facts.remote_storage_password_error = std::strerror(errno);
        }
    }
    facts.users = read_passwd();
    facts.groups = read_group();
    facts.cpus = probe_cpus();
    facts.effective_capabilities = util::read_effective_capabilities();
    auto temporary = util::lookup(environment, "TMPDIR").value_or("/tmp");
    facts.temporary_directory_writable = access(temporary.c_str(), W_OK | X_OK) == 0;
    facts.private_run_dir = temporary + "/distcc-init-" + std::to_string(geteuid());
    // Only a read-only file system stops a start: a user who may not write /run outside a
    // container gets a warning later, and a worker without a healthcheck.
    std::string state_file(defaults::k_state_file);
    auto state_directory = state_file.substr(0, state_file.rfind('/'));
    struct statvfs file_system {};
    facts.state_directory_read_only = (statvfs(state_directory.c_str(), &file_system) == 0 ||
                                       statvfs("/run", &file_system) == 0) &&
                                      (file_system.f_flag & ST_RDONLY) != 0;
    return facts;
}

} // namespace entrypoint
