#include "app/cli11.hpp"
#include "app/option_values.hpp"
#include "app/subcommands/subcommand.hpp"
#include "entrypoint/plan/defaults.hpp"
#include "util/number.hpp"

#include <fmt/format.h>

namespace app::subcommands {
namespace {

namespace defaults = entrypoint::defaults;

// `toolchains` prints what a worker here serves; its words pack, push (client side), remove,
// service and receive (worker side) do the rest. Each word refuses what it does not know, as
// every subcommand does.
class Toolchains final : public Subcommand {
  public:
    CLI::App* declare(CLI::App& cli) override {
        auto* toolchains = cli.add_subcommand(
            "toolchains", "Print the compilers a worker here serves, and under which names; "
                          "pack, push and remove toolchain bundles");
        m_json = toolchains->add_flag("--json")->description("As JSON");
        m_labels =
            toolchains->add_flag("--labels")->description("As image labels (KEY=VALUE lines)");
        m_json->excludes(m_labels);
        declare_pack(*toolchains);
        declare_push(*toolchains);
        declare_remove(*toolchains);
        declare_service(*toolchains);
        declare_receive(*toolchains);
        for (auto* word : toolchains->get_subcommands({})) {
            // Unknown words are kept, to be refused in one line below.
            word->allow_extras(true);
        }
        return toolchains;
    }

    void fill(CommandLine& result) const override {
        using entrypoint::ToolchainsFormat;
        result.action = Action::toolchains;
        result.toolchains_format = m_json->count() > 0     ? ToolchainsFormat::json
                                   : m_labels->count() > 0 ? ToolchainsFormat::labels
                                                           : ToolchainsFormat::text;
        auto& request = result.toolchains;
        const CLI::App* chosen = nullptr;
        for (auto* word : {m_pack, m_push, m_remove, m_service, m_receive}) {
            if (word->parsed()) {
                chosen = word;
            }
        }
        if (chosen == nullptr) {
            return;
        }
        refuse_stray_words(*chosen);
        if (m_json->count() > 0 || m_labels->count() > 0) {
            refuse_usage(fmt::format("toolchains {}: --json and --labels are for the list only",
                                     chosen->get_name()));
        }
        if (chosen == m_pack) {
            request.command = ToolchainsCommand::pack;
            request.pack = {m_compilers, m_output, DISTCC_INIT_VERSION};
        } else if (chosen == m_push) {
            request.command = ToolchainsCommand::push;
            request.push.hosts = m_hosts;
            request.push.compilers = m_compilers;
            request.push.replace = m_replace->count() > 0;
            request.push.packer = DISTCC_INIT_VERSION;
            request.push.timeout = parse_seconds_option("--timeout", m_timeout);
            if (!m_bundle.empty()) {
                if (!m_compilers.empty()) {
                    refuse_usage("toolchains push: give --bundle or --compiler, not both");
                }
                request.push.bundle = m_bundle;
            }
        } else if (chosen == m_remove) {
            if (m_what.empty()) {
                refuse_usage("toolchains remove: nothing named: distcc-init toolchains remove "
                             "NAME|ID (a served name, or a bundle id)");
            }
            request.command = ToolchainsCommand::remove;
            request.remove = m_what;
            request.socket = m_socket;
        } else if (chosen == m_receive) {
            request.command = ToolchainsCommand::receive;
            request.socket = m_socket;
        } else {
            request.command = ToolchainsCommand::service;
            fill_service(request.service);
        }
    }

  private:
    void declare_pack(CLI::App& toolchains) {
        m_pack = toolchains.add_subcommand(
            "pack", "Pack this machine's compilers into a bundle file (run it on a client)");
        add_compiler_option(*m_pack, "A compiler to pack (repeatable; default: ${CHOST}-gcc, "
                                     "${CHOST}-g++ and cc, gcc, g++, c++ where they are the same)");
        m_pack
            ->add_option("-o,--output", m_output, "The bundle file (default: toolchain-ID.tar.gz)")
            ->type_name("FILE");
    }

    void declare_push(CLI::App& toolchains) {
        m_push = toolchains.add_subcommand(
            "push", "Pack (unless --bundle) and send a bundle to workers, which serve it");
        m_push
            ->add_option("hosts", m_hosts,
                         "Workers as DISTCC_HOSTS spells them (default: it, "
                         "then distcc's hosts file)")
            ->type_name("HOST");
        m_push->add_option("--bundle", m_bundle, "A bundle file made by pack")->type_name("FILE");
        add_compiler_option(*m_push, "A compiler to pack (repeatable; default as for pack)");
        m_replace =
            m_push->add_flag("--replace")
                ->description(
                    "Serve its names even where another bundle serves them with another compiler");
        m_push->add_option("--timeout", m_timeout, "Seconds per worker (default 300)")
            ->type_name("SECONDS");
    }

    void declare_remove(CLI::App& toolchains) {
        m_remove = toolchains.add_subcommand(
            "remove", "Stop serving a pushed name, or every name of a bundle (run it on a worker)");
        m_remove->add_option("what", m_what, "A served name, or a bundle id (12 digits or more)")
            ->type_name("NAME|ID");
        add_socket_option(*m_remove);
    }

    void declare_service(CLI::App& toolchains) {
        m_service = toolchains.add_subcommand(
            "service", "Install and serve pushed bundles (a worker's companion, started by "
                       "distcc-init)");
        m_service->add_option("--store", m_store, "The toolchain store")->type_name("DIR");
        m_service->add_option("--run-dir", m_run_dir, "The served names and the socket")
            ->type_name("DIR");
        m_service->add_option("--guard", m_guard, "distcc-guard: every served name leads to it")
            ->type_name("PATH");
        m_service->add_option("--ssh-user", m_ssh_user, "May push through the socket")
            ->type_name("USER");
        m_service->add_option("--compile-user", m_compile_user, "Patches and proofs run as it")
            ->type_name("USER");
        m_service->add_option("--address", m_address, "The TCP push endpoint's address")
            ->type_name("ADDRESS");
        m_service->add_option("--port", m_port, "The TCP push endpoint's port (default: none)")
            ->type_name("PORT");
        m_service->add_option("--token-file", m_token_file, "The push token, for TCP pushes")
            ->type_name("FILE");
        m_service->add_option("--max-size", m_max_size, "Bytes of a bundle at most")
            ->type_name("BYTES");
    }

    void declare_receive(CLI::App& toolchains) {
        m_receive = toolchains.add_subcommand(
            "receive", "Hand a push on stdin to this worker's toolchain service (what an SSH "
                       "push runs)");
        add_socket_option(*m_receive);
    }

    void add_compiler_option(CLI::App& word, const std::string& description) {
        word.add_option("--compiler", m_compilers, description)
            ->type_name("NAME")
            ->allow_extra_args(false);
    }

    void add_socket_option(CLI::App& word) {
        word.add_option("--socket", m_socket, "The toolchain service's socket")->type_name("PATH");
    }

    static void refuse_stray_words(const CLI::App& word) {
        auto words = word.remaining();
        auto stray = std::ranges::find_if(words, [](const auto& w) { return w != "--"; });
        if (stray == words.end()) {
            return;
        }
        auto name = "toolchains " + word.get_name();
        bool option = stray->size() > 1 && stray->starts_with("-");
        refuse_usage(fmt::format("{}: {} {:?} (distcc-init {} --help lists what it takes)", name,
                                 option ? "unknown option" : "unexpected word", *stray, name));
    }

    void fill_service(toolchain::ServiceOptions& options) const {
        options.store = m_store;
        options.run_directory = m_run_dir;
        options.guard = m_guard;
        if (!m_ssh_user.empty()) {
            options.ssh_user = m_ssh_user;
        }
        if (!m_compile_user.empty()) {
            options.compile_user = m_compile_user;
        }
        if (!m_address.empty()) {
            options.address = m_address;
        }
        options.port = m_port.empty() ? 0 : parse_port_option("--port", m_port);
        if (!m_token_file.empty()) {
            options.token_file = m_token_file;
        }
        auto size = util::parse_integer<std::uint64_t>(m_max_size);
        if (!size || *size == 0) {
            refuse_usage(
                fmt::format("option --max-size {:?}: expected a number of bytes", m_max_size));
        }
        options.max_size = *size;
    }

    CLI::Option* m_json = nullptr;
    CLI::Option* m_labels = nullptr;
    CLI::App* m_pack = nullptr;
    CLI::App* m_push = nullptr;
    CLI::App* m_remove = nullptr;
    CLI::App* m_service = nullptr;
    CLI::App* m_receive = nullptr;
    std::vector<std::string> m_compilers;
    std::string m_output;
    std::vector<std::string> m_hosts;
    std::string m_bundle;
    CLI::Option* m_replace = nullptr;
    std::string m_timeout = "300";
    std::string m_what;
    std::string m_socket{defaults::k_toolchain_socket};
    std::string m_store{defaults::k_toolchain_store_dir};
    std::string m_ssh_user;
    std::string m_compile_user;
    std::string m_address;
    std::string m_port;
    std::string m_token_file;
    std::string m_max_size = std::to_string(defaults::k_toolchain_max_size);
    std::string m_run_dir{defaults::k_run_dir};
    std::string m_guard;
};

} // namespace

std::unique_ptr<Subcommand> make_toolchains() {
    return std::make_unique<Toolchains>();
}

} // namespace app::subcommands
