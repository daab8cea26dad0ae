#pragma once

// The system a worker plan is tested against (unit tests and the build_plan fuzz harness):
// root, distccd, sshd, bash, ccache and the compiler guard installed, two CPUs of quota on a 64-CPU
// host.

#include "entrypoint/plan/system_facts.hpp"

namespace test_support {

inline entrypoint::SystemFacts root_facts() {
    entrypoint::SystemFacts facts;
    facts.running_as_root = true;
    facts.self_path = "/usr/local/bin/distcc-init";
    facts.relay_path = "/usr/local/bin/distcc-relay";
    facts.guard_path = "/usr/local/bin/distcc-guard";
    facts.compiler_links_writable = true;
    facts.distccd_path = "/usr/bin/distccd";
    facts.sshd_path = "/usr/sbin/sshd";
    facts.login_shell = "/bin/bash";
    facts.ccache_masquerade_dir = "/usr/lib/ccache/bin";
    facts.users = {{"root", 0, 0, "root", "/root", "/bin/bash"}};
    facts.groups = {{"root", 0, {}}};
    facts.cpus.online = 64;
    facts.cpus.quota = 2.0;
    facts.cpus.source = "cgroup cpu.max quota 2.00 CPUs";
    return facts;
}

} // namespace test_support
