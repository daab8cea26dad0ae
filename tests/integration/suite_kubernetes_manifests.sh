#!/bin/bash
# deploy/kubernetes, offline (no cluster can run here): kustomize renders it, every object
# validates against the Kubernetes OpenAPI schemas (npm's kubernetes-models), and the
# settings docs/farms.md promises are there: DaemonSets, a headless Service, probes that run
# `distcc-init healthcheck`, CPU limits, keys from a Secret, least privilege.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_command kubectl node npm python3
repo=$(cd "$(dirname "$0")/../.." && pwd)
modules=/var/cache/distcc-init-ci/npm
if [ ! -d "$modules/node_modules/kubernetes-models" ] || [ ! -d "$modules/node_modules/yaml" ]; then
    mkdir -p "$modules"
    timeout 300 npm install --prefix "$modules" --no-audit --no-fund --silent kubernetes-models@5 yaml@2 \
        >"$WORK/npm.log" 2>&1 || skip_suite "npm could not install kubernetes-models: $(tail -1 "$WORK/npm.log")"
fi

TEST "kubernetes: kustomize renders the manifests without a cluster"
kubectl kustomize "$repo/deploy/kubernetes" >"$WORK/rendered.yaml" 2>"$WORK/kustomize.err" ||
    fail "kubectl kustomize: $(cat "$WORK/kustomize.err")"

TEST "kubernetes: every object is valid against the Kubernetes schemas"
NODE_MODULES_DIR="$modules/node_modules" node "$(dirname "$0")/validate_kubernetes.mjs" \
    <"$WORK/rendered.yaml" >"$WORK/validate.out" 2>&1 || fail "$(cat "$WORK/validate.out")"
expect_equal "$(grep -c '^valid: ' "$WORK/validate.out")" 3 "valid objects"
printf 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: broken}\nspec: {selector: 5}\n' |
    NODE_MODULES_DIR="$modules/node_modules" node "$(dirname "$0")/validate_kubernetes.mjs" \
    >/dev/null 2>&1 && fail "the validator accepted a broken DaemonSet"

TEST "kubernetes: the settings docs/farms.md promises"
python3 - "$WORK/rendered.yaml" >"$WORK/settings.out" 2>&1 <<'PYTHON' || fail "$(cat "$WORK/settings.out")"
import sys, yaml
objects = {f'{o["kind"]}/{o["metadata"]["name"]}': o for o in yaml.safe_load_all(open(sys.argv[1])) if o}
problems = []
def expect(condition, what):
    if not condition:
        problems.append(what)
service = objects["Service/distcc"]
expect(service["spec"]["clusterIP"] == "None", "the Service is headless")
for name in ("DaemonSet/distcc-tcp", "DaemonSet/distcc-ssh"):
    spec = objects[name]["spec"]["template"]["spec"]
    container = spec["containers"][0]
    health = ["/usr/local/bin/distcc-init", "healthcheck"]
    expect(container["readinessProbe"]["exec"]["command"] == health, f"{name}: readiness probe")
    expect(container["livenessProbe"]["exec"]["command"] == health, f"{name}: liveness probe")
    expect("cpu" in container["resources"]["limits"], f"{name}: a CPU limit")
    expect(container["securityContext"]["capabilities"]["drop"] == ["ALL"], f"{name}: drops ALL")
    expect(spec["hostNetwork"] is True, f"{name}: the node's network")
    expect(objects[name]["metadata"]["namespace"] == "distcc", f"{name}: namespace")
    annotations = objects[name]["spec"]["template"]["metadata"]["annotations"]
    expect(annotations.get("prometheus.io/scrape") == "true", f"{name}: scrape annotation")
tcp = objects["DaemonSet/distcc-tcp"]["spec"]["template"]["spec"]
expect(tcp["securityContext"]["runAsNonRoot"] is True and tcp["securityContext"]["runAsUser"] == 240,
       "tcp pods run as the image's distcc user (240), not root")
expect(tcp["containers"][0]["securityContext"]["allowPrivilegeEscalation"] is False,
       "tcp: no privilege escalation")
ssh = objects["DaemonSet/distcc-ssh"]["spec"]["template"]["spec"]
env = {e["name"]: e.get("value") for e in ssh["containers"][0]["env"]}
expect(env.get("AUTHORIZED_KEYS_FILE") == "/etc/distcc-keys/authorized_keys", "ssh: keys from a file")
expect(any(v.get("secret", {}).get("secretName") == "distcc-authorized-keys" for v in ssh["volumes"]),
       "ssh: the keys file is the Secret distcc-authorized-keys")
expect("AUTHORIZED_KEYS" not in env, "ssh: no key in the environment")
print("\n".join(problems) if problems else "all settings present")
sys.exit(1 if problems else 0)
PYTHON

finish
