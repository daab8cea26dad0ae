#include "entrypoint/plan/render_plan.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace entrypoint;

namespace {

const std::string k_key =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILnJvGeYVUN9jqtyJezK+riEwg4237Pmg1aa9a/4UMKX alice";

// A plan as build_plan makes it for an ssh worker, written out by hand: rendering is tested
// apart from planning.
Plan ssh_plan() {
    Plan plan;
    plan.mode = Mode::ssh;
    plan.checks = {"sshd: /usr/sbin/sshd"};
    auto keys = std::get<std::vector<PublicKey>>(parse_authorized_keys(k_key));
    plan.steps.emplace_back(CreateUser{"distcc-ssh", "distcc", "/home/distcc-ssh", "/bin/bash"});
    plan.steps.emplace_back(WriteAuthorizedKeys{"distcc-ssh", "/home/distcc-ssh", keys});
    plan.steps.emplace_back(GenerateHostKeys{"/keys", {"ed25519", "rsa"}, {"ed25519", "rsa"}});
    plan.environment["PATH"] = "/usr/lib/ccache:/usr/bin";
    plan.programs.main = {"/usr/sbin/sshd", "-D", "-o", "ForceCommand=distcc-init relay"};
    plan.programs.companions = {{"/usr/bin/distccd", "--daemon"}};
    plan.job_count_note = "--jobs 4";
    return plan;
}

} // namespace

TEST_CASE("entrypoint::render_plan_text") {
    supervisor::Settings settings;
    settings.exit_codes_remapped_to_zero = {143};
    auto text = render_plan_text(ssh_plan(), settings);
    CHECK(text.starts_with("distcc-init dry run: nothing is changed\nmode: ssh\nchecks:\n"
                           "  - sshd: /usr/sbin/sshd\n"));
    CHECK(text.find("  1. create user distcc-ssh (group distcc, home /home/distcc-ssh, shell "
                    "/bin/bash, password login impossible)\n") != std::string::npos);
    CHECK(text.find("(1 key):\n      ssh-ed25519 "
                    "SHA256:OD8DeF7bp7+gHJAPpMqTkIOP03oIvLOBkjcvWn39lRw alice") !=
          std::string::npos);
    CHECK(text.find("  3. generate host keys in /keys: ed25519, rsa\n") != std::string::npos);
    CHECK(text.find("  PATH=/usr/lib/ccache:/usr/bin\n") != std::string::npos);
    CHECK(text.find("  main: /usr/sbin/sshd -D -o 'ForceCommand=distcc-init relay'\n") !=
          std::string::npos);
    CHECK(text.find("  companion: /usr/bin/distccd --daemon\n") != std::string::npos);
    CHECK(text.find("jobs: --jobs 4\n") != std::string::npos);
    CHECK(text.ends_with("supervisor: grace 8000 ms; exit codes 143 become 0\n"));
    CHECK(text.find("AAAAC3Nza") == std::string::npos); // keys appear by fingerprint only
}

TEST_CASE("entrypoint::render_plan_json") {
    supervisor::Settings settings;
    settings.exit_codes_remapped_to_zero = {143};
    auto plan = ssh_plan();
    plan.programs.main.emplace_back("quote \" and \\ and\nnewline");
    auto json = render_plan_json(plan, settings);
    CHECK(json.starts_with("{\"dry_run\":true,\"mode\":\"ssh\","));
    CHECK(json.find("\"remap_exit_codes\":[143]") != std::string::npos);
    CHECK(json.find("\"companions\":[[\"/usr/bin/distccd\",\"--daemon\"]]") != std::string::npos);
    CHECK(json.find("\"ForceCommand=distcc-init relay\"") != std::string::npos);
    CHECK(json.find("\"quote \\\" and \\\\ and\\nnewline\"") != std::string::npos);
    CHECK(json.find("\"relay\":null") != std::string::npos);
    CHECK(json.find("AAAAC3Nza") == std::string::npos);
}

TEST_CASE("entrypoint::render_plan_text keeps hostile values on their line (found by "
          "fuzz_render_plan)") {
    Plan plan;
    plan.mode = Mode::tcp;
    plan.programs.main = {"/bin/sh", "-c", "printf \"a\\tb\"\nsecond line"};
    plan.environment["alice"] = "value with\na line feed";
    auto keys = std::get<std::vector<PublicKey>>(parse_authorized_keys(k_key + "\twith\x1b[31m"));
    plan.steps.emplace_back(WriteAuthorizedKeys{"distcc-ssh", "/home/distcc-ssh", keys});
    plan.steps.emplace_back(GenerateHostKeys{"/keys\r\nx", {"ed25519"}, {"ed25519"}});
    auto text = render_plan_text(plan, {});
    CHECK(text.find("  main: /bin/sh -c $'printf \"a\\\\tb\"\\nsecond line'\n") !=
          std::string::npos);
    CHECK(text.find("  alice=$'value with\\na line feed'\n") != std::string::npos);
    CHECK(text.find(" alice\\twith\\x1b[31m\n") != std::string::npos);
    CHECK(text.find("  2. generate host keys in /keys\\r\\nx: ed25519\n") != std::string::npos);
    CHECK(std::ranges::count(text, '\n') == 12);
    CHECK(std::ranges::none_of(text, [](char c) {
        return c != '\n' && (static_cast<unsigned char>(c) < 0x20 || c == '\x7f');
    }));
}

TEST_CASE("entrypoint::render_plan_json is valid UTF-8 whatever the words (found by "
          "fuzz_build_plan)") {
    Plan plan;
    plan.programs.main = {"bash\xff\xfe", "-c", "ccache -s"};
    auto json = render_plan_json(plan, {});
    CHECK(json.find("\"main\":[\"bash\\ufffd\\ufffd\",\"-c\",\"ccache -s\"]") != std::string::npos);
}
