#include "entrypoint/apply_plan.hpp"

#include "entrypoint/authorized_keys_file.hpp"
#include "entrypoint/directory_lock.hpp"
#include "entrypoint/run_helper.hpp"
#include "entrypoint/ssh_settings.hpp"
#include "entrypoint/system_accounts.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entrypoint {
namespace {

class StepApplier {
  public:
    explicit StepApplier(const supervisor::InheritedSignals& inherited) : m_inherited(inherited) {}

    std::optional<PlanError> operator()(const CreateGroup& step) const {
        spdlog::info("creating group {}", step.name);
        return run({"groupadd", "-r", step.name}, "groupadd");
    }

    std::optional<PlanError> operator()(const CreateUser& step) const {
        spdlog::info("creating user {}", step.name);
        if (step.system_account) {
            return run({"useradd", "-r", "-g", step.group, "-d", "/nonexistent", "-M", "-s",
                        "/bin/false", "-c", "distcc worker", step.name},
                       "useradd");
        }
        // '*' rather than useradd's locked '!': sshd without PAM refuses locked accounts.
        return run({"useradd", "-m", "-d", step.home, "-g", step.group, "-s", step.shell, "-c",
                    std::string(k_ssh_user_marker), "-p", "*", step.name},
                   "useradd");
    }

    std::optional<PlanError> operator()(const WriteAuthorizedKeys& step) const {
        auto user = find_user(read_passwd(), step.user);
        if (!user) {
            return PlanError{k_exit_configuration, "user " + step.user + " vanished"};
        }
        if (auto problem = install_authorized_keys(*user, step.keys)) {
            return PlanError{k_exit_configuration, *problem};
        }
        spdlog::info("authorized_keys for {}: {} key(s)", step.user, step.keys.size());
        return std::nullopt;
    }

    std::optional<PlanError> operator()(const GenerateHostKeys& step) const {
        if (auto problem = make_directory(step.directory, 0755)) {
            return problem;
        }
        // Replicas sharing one volume may start at once: the first generates each key, the
        // others wait here and then find it.
        DirectoryLock lock(step.directory);
        for (const auto& type : step.missing_types) {
            auto path = fmt::format("{}/ssh_host_{}_key", step.directory, type);
            if (access(path.c_str(), F_OK) == 0) {
                spdlog::info("the {} host key was generated meanwhile by another start", type);
                continue;
            }
            spdlog::info("generating the {} host key", type);
            if (auto problem = run({"ssh-keygen", "-q", "-t", type, "-N", "", "-C", "", "-f", path},
                                   "ssh-keygen")) {
                return problem;
            }
        }
        log_host_key_fingerprints(step);
        return std::nullopt;
    }

    std::optional<PlanError> operator()(const PrepareDirectory& step) const {
        if (auto problem = make_directory(step.path, step.owner.empty() ? 0755 : step.mode)) {
            return problem;
        }
        if (step.owner.empty()) {
            if (access(step.path.c_str(), W_OK | X_OK) != 0) {
                return PlanError{
                    k_exit_needs_root,
                    fmt::format("{} ({}) is not writable by this user", step.path, step.purpose)};
            }
            return std::nullopt;
        }
        auto user = find_user(read_passwd(), step.owner);
        auto group = find_group(read_group(), step.group);
        if (!user || !group || chown(step.path.c_str(), user->uid, group->gid) != 0 ||
            chmod(step.path.c_str(), step.mode) != 0) {
            return PlanError{k_exit_configuration,
                             fmt::format("cannot give {} ({}) to {}:{}: {}", step.path,
                                         step.purpose, step.owner, step.group,
                                         user && group ? std::strerror(errno) : "no such account")};
        }
        return std::nullopt;
    }

  private:
    std::optional<PlanError> run(const std::vector<std::string>& argv,
                                 const std::string& what) const {
        auto result = run_helper(argv, m_inherited);
        if (result.exit_code == 0) {
            return std::nullopt;
        }
        spdlog::error("{} failed (exit {}): {}", what, result.exit_code, result.output);
        return PlanError{k_exit_configuration,
                         fmt::format("{} failed with exit code {}; its output is logged above",
                                     what, result.exit_code)};
    }

    static std::optional<PlanError> make_directory(const std::string& path, unsigned mode) {
        std::string partial;
        for (std::size_t slash = 1; slash != std::string::npos;) {
            slash = path.find('/', slash + 1);
            partial = path.substr(0, slash);
            if (mkdir(partial.c_str(), slash == std::string::npos ? mode : 0755) != 0 &&
                errno != EEXIST) {
                return PlanError{k_exit_configuration, fmt::format("cannot create {}: {}", partial,
                                                                   std::strerror(errno))};
            }
        }
        return std::nullopt;
    }

    static void log_host_key_fingerprints(const GenerateHostKeys& step) {
        for (const auto& type : step.all_types) {
            auto path = fmt::format("{}/ssh_host_{}_key.pub", step.directory, type);
            auto keys = read_public_key_file(path);
            for (const auto& key : keys) {
                spdlog::info("host key {} {}", key.type, key.fingerprint);
            }
        }
    }

    const supervisor::InheritedSignals& m_inherited;
};

} // namespace

std::optional<PlanError> apply_plan(const Plan& plan,
                                    const supervisor::InheritedSignals& inherited) {
    StepApplier applier(inherited);
    for (const auto& step : plan.steps) {
        if (auto problem = std::visit(applier, step)) {
            return problem;
        }
    }
    for (const auto& [name, value] : plan.environment) {
        setenv(name.c_str(), value.c_str(), 1);
    }
    return std::nullopt;
}

} // namespace entrypoint
