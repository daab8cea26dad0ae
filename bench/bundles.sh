# Toolchain bundle benchmarks for bench/run ("bring your own compiler"): this machine's gcc and
# g++ packed into a bundle (time, size), pushed to a tcp worker with the token and installed
# (time, as the client sees it), and a job through the bundle against the same job through the
# image's own compiler, which the bundle holds, on the same worker, interleaved.
bundle_jobs() { # NAME N COMPILER
    local name=$1 count=$2 compiler=$3 start
    mkdir -p "$WORK/distcc-$name"
    for i in $(seq "$count"); do
        start=$(now_ns)
        DISTCC_HOSTS="$bundle_hosts" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 \
            DISTCC_DIR="$WORK/distcc-$name" TMPDIR="$WORK/distcc-$name" \
            distcc "$compiler" -c "$WORK/hello.c" -o "$WORK/bundle-$i.o" \
            2>>"$WORK/bundle-jobs.err" || echo failed >>"$WORK/failures-$name"
        echo "scale=3; ($(now_ns) - $start) / 1000000" | bc >>"$WORK/samples-$name"
    done
}

bundle_batch() { # NAME|COMPILER
    bundle_jobs "${1%%|*}" 10 "${1#*|}"
}

run_bundle_benchmarks() {
    echo "== toolchain bundles (pack, push + install, $jobs jobs through a bundle and the image's gcc)"
    local triple port token=bench-token-0123456789 started
    triple=$(gcc -dumpmachine)
    port=$(free_port)
    bundle_hosts="127.0.0.1:$port"
    write_hello_source "$WORK" # also when run alone (--section bundles)
    # The bundle serves this machine's gcc 12 under a name the image does not have, so both
    # run on one worker: the same compiler, the image's and the bundle's.
    mkdir -p "$WORK/bundle-names" "$WORK/bundle-store"
    ln -sf "$(readlink -f "$(command -v "$triple-gcc")")" "$WORK/bundle-names/$triple-gcc-29"
    ln -sf "$(readlink -f "$(command -v "$triple-g++")")" "$WORK/bundle-names/$triple-g++-29"
    started=$(now_ns)
    PATH="$WORK/bundle-names:$PATH" "$distcc_init" toolchains pack --compiler "$triple-gcc-29" \
        --compiler "$triple-g++-29" -o "$WORK/bench-bundle.tar.gz" >"$WORK/bundle-pack.out"
    record bundle_pack gcc "$(echo "scale=3; ($(now_ns) - $started) / 1000000000" | bc)" "" "" s
    record bundle_size compressed "$(stat -c %s "$WORK/bench-bundle.tar.gz")" "" "" bytes
    record bundle_size unpacked "$(sed -n 's/.*(\([0-9.]*\) MB unpacked).*/\1/p' "$WORK/bundle-pack.out")" "" "" MB
    DISTCC_TOOLCHAIN_DIR="$WORK/bundle-store" DISTCC_TOOLCHAIN_TOKEN=$token \
        start_worker "$WORK/bundle-worker" bundles --mode tcp -- --port "$port" \
        --listen 127.0.0.1 --allow 127.0.0.1 --jobs 4
    local worker_pid=$UNSHARE_PID worker_init=$INIT_PID
    wait_for_port "$port" 20
    wait_for_port "$((port + 3))" 20
    started=$(now_ns)
    DISTCC_TOOLCHAIN_TOKEN=$token "$distcc_init" toolchains push --bundle "$WORK/bench-bundle.tar.gz" \
        "$bundle_hosts" >"$WORK/bundle-push.out" || cat "$WORK/bundle-push.out"
    record bundle_push_install gcc "$(echo "scale=3; ($(now_ns) - $started) / 1000000000" | bc)" "" "" s
    rm -f "$WORK"/samples-bundle-* "$WORK"/failures-bundle-*
    PATH="$WORK/bundle-names:$PATH" interleave $((jobs / 10)) bundle_batch : \
        "bundle-image|$triple-gcc" "bundle-bundle|$triple-gcc-29"
    for name in bundle-image bundle-bundle; do
        record_per_job "$name" "$jobs"
    done
    INIT_PID=$worker_init UNSHARE_PID=$worker_pid stop_worker
    echo "   $(cat "$WORK/bundle-pack.out")"
    echo "   $(cat "$WORK/bundle-push.out")"
}
