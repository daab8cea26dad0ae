#!/bin/bash
# deploy/kubernetes, offline (no cluster can run here): kustomize renders it, every object
# validates against the Kubernetes OpenAPI schemas (npm's kubernetes-models), and the
# settings docs/farms.md promises are there: DaemonSets, a headless Service, probes that run
# `distcc-init healthcheck`, CPU limits, keys from a Secret, least privilege; and the shared
# cache's overlay (deploy/kubernetes-cache): a Redis, its password from a Secret file only.
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

TEST "kubernetes: the shared cache's overlay renders and validates"
kubectl kustomize "$repo/deploy/kubernetes-cache" >"$WORK/cache.yaml" 2>"$WORK/kustomize-cache.err" ||
    fail "kubectl kustomize: $(cat "$WORK/kustomize-cache.err")"
NODE_MODULES_DIR="$modules/node_modules" node "$(dirname "$0")/validate_kubernetes.mjs" \
    <"$WORK/cache.yaml" >"$WORK/validate-cache.out" 2>&1 || fail "$(cat "$WORK/validate-cache.out")"
expect_equal "$(grep -c '^valid: ' "$WORK/validate-cache.out")" 5 "valid objects with the cache"

TEST "kubernetes: the workers reach the cache, its password a Secret's file on no command line"
python3 - "$WORK/cache.yaml" >"$WORK/cache-settings.out" 2>&1 <<'PYTHON' || fail "$(cat "$WORK/cache-settings.out")"
import sys, yaml
objects = {f'{o["kind"]}/{o["metadata"]["name"]}': o for o in yaml.safe_load_all(open(sys.argv[1])) if o}
problems = []
def expect(condition, what):
    if not condition:
        problems.append(what)
expect("Deployment/distcc-redis" in objects and "Service/distcc-redis" in objects, "a Redis and its Service")
for name in objects:
    expect(objects[name]["metadata"].get("namespace") == "distcc", f"{name}: namespace")
for name in ("DaemonSet/distcc-tcp", "DaemonSet/distcc-ssh"):
    spec = objects[name]["spec"]["template"]["spec"]
    expect(len(spec["containers"]) == 1, f"{name}: one container (the patch names the right one)")
    container = spec["containers"][0]
    env = {e["name"]: e.get("value") for e in container["env"]}
    expect(env.get("CCACHE_REMOTE_STORAGE") == "redis://distcc-redis.distcc.svc.cluster.local:6379",
           f"{name}: CCACHE_REMOTE_STORAGE names the Service")
    expect("@" not in env.get("CCACHE_REMOTE_STORAGE", ""), f"{name}: no password in the URL")
    path = env.get("DISTCC_CCACHE_REMOTE_PASSWORD_FILE", "")
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    expect(path.startswith(mounts.get("redis-password", "?") + "/"), f"{name}: the password file is mounted")
    expect(any(v.get("secret", {}).get("secretName") == "distcc-redis-password" for v in spec["volumes"]),
           f"{name}: the password is the Secret distcc-redis-password")
tcp = objects["DaemonSet/distcc-tcp"]["spec"]["template"]["spec"]
expect(tcp["securityContext"].get("fsGroup") == 240, "tcp: the distcc user can read the password file")
redis = objects["Deployment/distcc-redis"]["spec"]["template"]["spec"]["containers"][0]
expect("requirepass" in " ".join(redis["command"]) and "/etc/distcc-redis/password" in " ".join(redis["command"]),
       "redis: its password from the Secret's file, through its configuration")
print("\n".join(problems) if problems else "all cache settings present")
sys.exit(1 if problems else 0)
PYTHON

finish
