"""Turns bench/run's results (results/SECTION.csv) into markdown tables (ratios against peers measured in
the same run) and rewrites the block between the bench markers of a page (bench/run gives
docs/performance.md)."""
import csv
import os
import platform
import re
import sys
from collections import defaultdict

results_dir, tables_path, page_path, cpus, quick = sys.argv[1:6]
data = defaultdict(dict)
for name in sorted(os.listdir(results_dir)):
    if name.endswith(".csv"):
        for row in csv.DictReader(open(os.path.join(results_dir, name))):
            data[row["benchmark"]][row["subject"]] = row


def number(value):
    return float(value) if value not in ("", None) else None


def cell(benchmark, subject, digits=1):
    row = data.get(benchmark, {}).get(subject)
    if not row:
        return "–"
    median, low, high = (number(row[k]) for k in ("median", "min", "max"))
    if median is None:
        return "–"
    text = f"{median:.{digits}f}"
    if low is not None and high is not None and high > low:
        text += f" ({low:.{digits}f}–{high:.{digits}f})"
    return text


def ratio(benchmark, subject, reference):
    a = data.get(benchmark, {}).get(subject)
    b = data.get(benchmark, {}).get(reference)
    if not a or not b or not number(b["median"]) or number(a["median"]) is None:
        return "–"
    return f"{number(a['median']) / number(b['median']):.2f}×"


inits = ["distcc-init", "tini-static", "tini", "dumb-init", "catatonit"]
init_metrics = [
    ("binary_size", "binary size (stripped), kB", 0, 1 / 1000),
    ("pid1_rss", "PID-1 RSS, kB", 0, 1),
    ("pid1_rss_anonymous", "PID-1 RSS, anonymous (private) part, kB", 0, 1),
    ("startup_overhead", "start-up overhead, µs", 0, 1),
    ("startup_overhead_options", "start-up overhead with options (`-s -g -e 143`), µs", 0, 1),
    ("forward_overhead", "signal forwarding overhead, µs", 1, 1),
    ("reap_cpu_5000", "reap 5,000 orphans: PID-1 CPU, ms", 0, 1),
    ("reap_cpu_50000", "reap 50,000 orphans: PID-1 CPU, ms", 0, 1),
    ("reap_cpu_2000", "reap 2,000 orphans: PID-1 CPU, ms", 0, 1),
    ("reap_latency_5000", "last orphan exit → no zombie, ms (5,000)", 2, 1),
    ("reap_latency_50000", "last orphan exit → no zombie, ms (50,000)", 2, 1),
    ("shutdown_0", "SIGTERM → namespace gone, child exits at once, ms", 1, 1),
    ("shutdown_100", "SIGTERM → namespace gone, 100 leftovers, ms", 1, 1),
]
lines = ["### Init: distcc-init against tini, dumb-init and catatonit", "",
         "Medians over repeated runs, (min–max) in brackets; the repetitions are interleaved "
         "(each one measures every init in turn), so a drift of the machine falls on all "
         "alike. The last column is distcc-init divided by the best peer of the same run "
         "(below 1 is better).", "",
         "| metric | " + " | ".join(inits) + " | distcc-init / best peer |",
         "|---|" + "---|" * (len(inits) + 1)]
for key, title, digits, scale in init_metrics:
    if key not in data:
        continue
    cells = []
    for init in inits:
        row = data[key].get(init)
        if row and scale != 1 and number(row["median"]) is not None:
            cells.append(f"{number(row['median']) * scale:.{digits}f}")
        else:
            cells.append(cell(key, init, digits))
    peers = [number(data[key][p]["median"]) for p in inits[1:] if p in data[key]]
    peers = [p for p in peers if p is not None]
    own = data[key].get("distcc-init")
    own_value = number(own["median"]) if own else None
    best = min(peers) if peers else None
    comparison = f"{own_value / best:.2f}×" if own_value is not None and best else "–"
    lines.append(f"| {title} | " + " | ".join(cells) + f" | {comparison} |")

workers = ["local", "tcp-distcc-init", "tcp-direct-distccd", "ssh-tunnel", "ssh-tunnel-nagle",
           "ssh-relay", "ssh-relay-mux", "ssh-relay-mux-front", "ssh-inetd", "ssh-inetd-mux"]
lines += ["", "### Worker: hello-world, milliseconds per job", "",
          "| mode | per job, ms | × TCP (distcc-init) | jobs | jobs run remotely |",
          "|---|---|---|---|---|"]
for worker in workers:
    if worker in data.get("per_job", {}):
        remote = data.get("remote_fraction", {}).get(worker)
        fraction = "local" if worker == "local" else (
            f"{number(remote['median']) * 100:.0f} %" if remote else "–")
        count = data.get("per_job_count", {}).get(worker, {}).get("median", "–")
        lines.append(f"| {worker} | {cell('per_job', worker)} | "
                     f"{ratio('per_job', worker, 'tcp-distcc-init')} | {count} | {fraction} |")
breakdown = [("client-start", "`ssh -V`: the ssh client starts"),
             ("mux-session-to-distccd", "a multiplexed session reaches the loopback distccd "
              "and ends (session set-up, relay, distccd's accept)"),
             ("relay", "distcc-relay as sshd starts it: connects to distccd, relays an empty "
              "request, ends"),
             ("relay-through-bash", "the same relay behind `bash -c`, as a login shell "
              "used to run it"),
             ("process-start", "a static program that does nothing, started the same way: "
              "the floor under any process"),
             ("connect-and-wait", "a static program that connects to the same distccd, "
              "half-closes and waits for it to hang up: a relay that relays nothing"),
             ("tunnel-client-cpu", "tunnel mode, CPU per job of the client's `ssh -N -L` "
              "(all jobs' total over their number)"),
             ("tunnel-sshd-cpu", "tunnel mode, CPU per job of the worker's sshd processes")]
if "ssh_breakdown" in data:
    lines += ["", "### Worker: where an SSH job's time goes, milliseconds", "",
              "An `@host` job with connection sharing is about the client's start, plus a "
              "session, plus the compile itself (the TCP job above).", "",
              "| part | ms |", "|---|---|"]
    for subject, title in breakdown:
        if subject in data["ssh_breakdown"]:
            lines.append(f"| {title} | {cell('ssh_breakdown', subject, 2)} |")
    # From the medians as the table shows them (two decimals), so that the parts add up.
    medians = {subject: round(number(row["median"]), 2) if number(row["median"]) is not None
               else None for subject, row in data["ssh_breakdown"].items()}
    if all(medians.get(s) is not None for s in ("relay", "process-start", "connect-and-wait")):
        ours = medians["relay"] - medians["process-start"]
        daemon = medians["connect-and-wait"] - medians["process-start"]
        beyond = medians["relay"] - medians["connect-and-wait"]
        rest = (f"{beyond:.2f} ms is what the relay does beyond connecting and waiting"
                if beyond >= 0 else "the relay took no longer than a relay that relays nothing")
        lines += ["", f"Our part of a session, the relay less the floor under any process: "
                  f"**{ours:.2f} ms** (medians), of which {daemon:.2f} ms is distccd's own "
                  f"(accepting, reading the end of the request, hanging up) and {rest}."]
if "libiberty" in data:
    lines += ["", "### Worker: libiberty (binutils-source), clean build, seconds", "",
              "Every build with `DISTCC_FALLBACK=0`: a job that could not run remotely fails "
              "the build, counted in the last column.", "",
              "| mode | seconds | × local -j2 | × TCP (distcc-init) | failed builds |",
              "|---|---|---|---|---|"]
    for worker in ["local", "tcp-distcc-init", "tcp-direct-distccd", "ssh-tunnel",
                   "ssh-tunnel-nagle", "ssh-relay", "ssh-relay-mux", "ssh-inetd-mux",
                   "ccache-cold", "ccache-warm"]:
        if worker in data["libiberty"]:
            failed = data.get("libiberty_failed_builds", {}).get(worker, {}).get("median", "0")
            lines.append(f"| {worker} | {cell('libiberty', worker, 2)} | "
                         f"{ratio('libiberty', worker, 'local')} | "
                         f"{ratio('libiberty', worker, 'tcp-distcc-init')} | {failed} |")
    hits = data.get("ccache_warm_hit_fraction", {}).get("ccache-warm")
    if hits:
        lines += ["", f"Warm builds: {number(hits['median']) * 100:.0f} % of the worker's "
                  "ccache lookups were hits."]
if "shared_cache" in data:
    fraction = data.get("shared_cache_remote_hit_fraction", {}).get("rebuild-shared")
    lines += ["", "### Worker: a shared cache (ccache remote storage in Redis)", "",
              "A first worker builds and fills Redis; a second worker, its local cache empty, "
              "rebuilds the same code through Redis, against the same rebuild on a worker with "
              "only a local cache, cold. Seconds, medians of the rounds.", "",
              "| rebuild on a second worker | seconds | × cold local cache | remote hits |",
              "|---|---|---|---|",
              f"| shared cache | {cell('shared_cache', 'rebuild-shared', 2)} | "
              f"{ratio('shared_cache', 'rebuild-shared', 'rebuild-local-cold')} | "
              f"{number(fraction['median']) * 100:.0f} % |" if fraction else
              "| shared cache | – | – | – |",
              f"| local cache only, cold | {cell('shared_cache', 'rebuild-local-cold', 2)} | 1.00× "
              "| – |",
              "", "Per job (one unit compiled again and again through distcc), ms: a remote hit "
              f"{cell('shared_cache_per_job', 'remote-hit', 1)}, a local hit "
              f"{cell('shared_cache_per_job', 'local-hit', 1)} "
              f"({ratio('shared_cache_per_job', 'remote-hit', 'local-hit')})."]
if "container_healthy" in data:
    lines += ["", "### Images: distcc-init against tini + a shell entrypoint", "",
              "Same base and packages; the comparison image (bench/tini-image) starts the same "
              "worker the way upstream's images did. Medians of the start-stop cycles, "
              "(min–max) in brackets.", "",
              "| metric | tcp: distcc-init | tcp: tini + shell | ratio | ssh: distcc-init "
              "| ssh: tini + shell | ratio |", "|---|---|---|---|---|---|---|"]
    container_metrics = [("image_size", "image size, MB", 0),
                         ("container_ready", "`docker run` → port answers, ms", 0),
                         ("container_healthy", "`docker run` → healthy, ms", 0),
                         ("container_stop", "`docker stop`, ms", 0),
                         ("container_stop_exit_code", "exit code after `docker stop`", None)]
    for key, title, digits in container_metrics:
        cells = []
        for variant in ("tcp", "ssh"):
            ours, theirs = f"{variant}-distcc-init", f"{variant}-tini-shell"
            if key == "image_size":
                sizes = [number(data[key][n]["median"]) / 1e6 if n in data[key] else None
                         for n in (ours, theirs)]
                cells += [f"{v:.0f}" if v is not None else "–" for v in sizes]
            elif digits is None:
                cells += [data[key].get(n, {}).get("median", "–") for n in (ours, theirs)]
                cells.append("")
                continue
            else:
                cells += [cell(key, ours, digits), cell(key, theirs, digits)]
            cells.append(ratio(key, ours, theirs))
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
if "bundle_pack" in data:
    size = number(data["bundle_size"]["compressed"]["median"]) / 1e6
    lines += ["", "### Bring your own compiler: a pushed bundle against the image's compiler", "",
              "This machine's gcc and g++ packed into a bundle, pushed to a tcp worker on "
              "loopback with the token and installed (verified, patched, proven); then jobs "
              "through the bundle and through the image's own gcc, which the bundle holds, on "
              "the same worker, interleaved. Goals: ≤ 1.02× per job, push + install ≤ 10 s, "
              "≤ 40 MB.", "",
              "| metric | value |", "|---|---|",
              f"| per job through the image's gcc, ms | {cell('per_job', 'bundle-image')} |",
              f"| per job through the bundle (same gcc), ms | {cell('per_job', 'bundle-bundle')} |",
              f"| bundle ÷ image, per job | {ratio('per_job', 'bundle-bundle', 'bundle-image')} |",
              f"| pack gcc + g++, s | {cell('bundle_pack', 'gcc')} |",
              f"| push + install on loopback, s | {cell('bundle_push_install', 'gcc')} |",
              f"| bundle, compressed (gzip), MB | {size:.1f} |",
              f"| bundle, unpacked, MB | {cell('bundle_size', 'unpacked')} |"]

farm_modes = [
    ("alone", "the client alone, one CPU (`make -j1`)"),
    ("local-2cpu", "both CPUs locally: the limit (`make -j2`)"),
    ("distcc", "distcc, the line `distcc-init hosts` prints"),
    ("distcc-lzo", "the same line with `,lzo` added"),
    ("distcc-no-lzo", "the same line without its `,lzo`"),
    ("ssh-tunnel", "distcc through an SSH tunnel to a tunnel-mode worker"),
    ("icecream", "icecream (icecc 1.4)"),
    ("gcc14-local-2cpu", "gcc 14 (trixie), both CPUs locally: the limit for the next two"),
    ("gcc14-distcc", "gcc 14, distcc, the line `hosts` prints"),
    ("gcc14-pump", "gcc 14, distcc-pump, the line `hosts --pump` prints"),
]
farm_builds = [("libiberty", "libiberty (binutils-source, C)"),
               ("cxx", "this repository's C++ units (Debug)")]
farm_profiles = [("unshaped", "unshaped"), ("1gbit", "1 Gbit/s"), ("100mbit", "100 Mbit/s")]


def farm_value(metric, build, profile, mode):
    row = data.get(metric, {}).get(f"{build}/{profile}/{mode}")
    return number(row["median"]) if row else None


def farm_cell(metric, build, profile, mode, digits):
    row = data.get(metric, {}).get(f"{build}/{profile}/{mode}")
    if not row or number(row["median"]) is None:
        return "–"
    median, low, high = (number(row[k]) for k in ("median", "min", "max"))
    text = f"{median:.{digits}f}"
    if low is not None and high is not None and high > low:
        text += f" ({low:.{digits}f}–{high:.{digits}f})"
    return text


def farm_reference(build, mode, which):
    """The local build MODE is compared with: the one-CPU or two-CPU build of its compiler,
    measured on the unshaped link (a local build does not use it)."""
    gcc14 = mode.startswith("gcc14-")
    if which == "alone":
        return None if gcc14 else farm_value("farm_seconds", build, "unshaped", "alone")
    return farm_value("farm_seconds", build, "unshaped",
                      "gcc14-local-2cpu" if gcc14 else "local-2cpu")


def farm_ratio(value, reference):
    return f"{value / reference:.2f}×" if value is not None and reference else "–"


farm_rows = []  # (label, ratio to the limit per build and profile) for the chart
if "farm_seconds" in data:
    lines += ["", "### Farm: two nodes, one CPU each", "",
              "The client pinned to CPU 0, the worker to CPU 1, each in a network namespace of its "
              "own, joined by a veth pair shaped with tbf; clean builds, medians of the rounds "
              "(min–max), the modes interleaved. CPU seconds are each node's cgroup's (the "
              "client's includes preprocessing, distcc, ssh, the include server and icecream's "
              "daemon). Remote jobs are those the worker ran (its distccd's log, or icecream's "
              "scheduler); failed jobs those the build reported failed (`DISTCC_FALLBACK=0`: a "
              "job that cannot run remotely fails)."]
    units = data.get("farm_units", {})
    for build, title in farm_builds:
        if not any(k.startswith(build + "/") for k in data["farm_seconds"]):
            continue
        count = units.get(build, {}).get("median")
        lines += ["", f"#### {title}{f': {count} units' if count else ''}, seconds", "",
                  "| mode | link | seconds | speedup over alone | × the two-CPU limit | "
                  "client CPU, s | worker CPU, s | remote jobs | failed jobs |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for profile, profile_title in farm_profiles:
            for mode, mode_title in farm_modes:
                seconds = farm_value("farm_seconds", build, profile, mode)
                if seconds is None:
                    continue
                alone = farm_reference(build, mode, "alone")
                speedup = f"{alone / seconds:.2f}×" if alone and seconds else "–"
                lines.append(
                    f"| {mode_title} | {profile_title} | "
                    f"{farm_cell('farm_seconds', build, profile, mode, 2)} | {speedup} | "
                    f"{farm_ratio(seconds, farm_reference(build, mode, 'limit'))} | "
                    f"{farm_cell('farm_client_cpu', build, profile, mode, 1)} | "
                    f"{farm_cell('farm_worker_cpu', build, profile, mode, 1)} | "
                    f"{farm_cell('farm_remote_jobs', build, profile, mode, 0)} | "
                    f"{farm_cell('farm_failed_jobs', build, profile, mode, 0)} |")
    lines += ["", "#### Against the targets", "",
              "Our line is the one `distcc-init hosts` prints, used as it is; the targets are "
              "≤ 1.05× the two-CPU limit for C++ and ≤ 1.25× for libiberty (unshaped and "
              "1 Gbit/s), and ≤ 1.00× icecream's time.", "",
              "| build | link | ours × the limit | ours × icecream | SSH tunnel × the limit | "
              "pump × its limit (gcc 14) |", "|---|---|---|---|---|---|"]
    for build, title in farm_builds:
        for profile, profile_title in farm_profiles:
            ours = farm_value("farm_seconds", build, profile, "distcc")
            if ours is None:
                continue
            limit = farm_reference(build, "distcc", "limit")
            icecream = farm_value("farm_seconds", build, profile, "icecream")
            tunnel = farm_value("farm_seconds", build, profile, "ssh-tunnel")
            pump = farm_value("farm_seconds", build, profile, "gcc14-pump")
            lines.append(f"| {title.split(' (')[0]} | {profile_title} | {farm_ratio(ours, limit)} | "
                         f"{farm_ratio(ours, icecream)} | {farm_ratio(tunnel, limit)} | "
                         f"{farm_ratio(pump, farm_reference(build, 'gcc14-pump', 'limit'))} |")
    # The chart: each mode's time over its two-CPU limit, per build and link.
    columns = [(b, p) for b, _ in farm_builds for p, _ in farm_profiles
               if any(k.startswith(f"{b}/{p}/") for k in data["farm_seconds"])]
    for mode, _ in farm_modes:
        if mode in ("alone",):
            continue
        values = []
        for build, profile in columns:
            seconds = farm_value("farm_seconds", build, profile, mode)
            if seconds is None and mode.endswith("local-2cpu"):
                seconds = farm_value("farm_seconds", build, "unshaped", mode)
            limit = farm_reference(build, mode, "limit")
            values.append(f"{seconds / limit:.3f}" if seconds is not None and limit else "NaN")
        if any(v != "NaN" for v in values):
            farm_rows.append((mode, values))
    with open(os.path.join(results_dir, "farm.dat"), "w") as out:
        out.write("mode " + " ".join(f"{b}/{p}" for b, p in columns) + "\n")
        for mode, values in farm_rows:
            out.write(f"{mode} " + " ".join(values) + "\n")

machine = f"{platform.machine()}, {cpus} CPUs, Linux {platform.release()}"
docs_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs")


def provenance():
    """Which run measured each section: bench/run records a section_run row per section."""
    runs = data.get("section_run", {})
    parts = [f"{name}: `bench/run{' --quick' if row['unit'] == 'quick' else ''}` of "
             f"{row['median']}" for name, row in sorted(runs.items())]
    return "; ".join(parts) if parts else f"`bench/run{' --quick' if quick == '1' else ''}`"


def report_for(path):
    """The tables, with the charts linked relative to the file at PATH."""
    here = os.path.dirname(os.path.abspath(path))
    link = os.path.relpath(os.path.join(docs_dir, "bench-worker.svg"), here)
    header = [f"Measured on {machine} ({provenance()}). Except in the farm section, client and "
              "worker share the machine, so distcc cannot speed anything up there: those "
              "figures show overheads. The farm gives each node a CPU of its own.", "",
              f"![per-job times]({link})", ""]
    body = list(lines)
    if farm_rows:
        farm_link = os.path.relpath(os.path.join(docs_dir, "bench-farm.svg"), here)
        at = body.index("### Farm: two nodes, one CPU each")
        body[at + 2:at + 2] = [f"![farm builds against the two-CPU limit]({farm_link})", ""]
    return "\n".join(header + body) + "\n"


open(tables_path, "w").write(report_for(tables_path))
page = open(page_path).read()
pattern = re.compile(r"(<!-- bench:begin -->\n).*?(<!-- bench:end -->)", re.S)
text = report_for(page_path)
if pattern.search(page):
    page = pattern.sub(lambda m: m.group(1) + text + m.group(2), page)
    open(page_path, "w").write(page)
print(text)
