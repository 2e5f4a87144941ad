#!/bin/sh
# How the goroutine dumps beside this script were made (Debian 12: golang-1.19 1.19.8; the -go121 and -go123 ones with bookworm-backports' golang-1.21 1.21.x and golang-1.23 1.23.5,
# GO=/usr/lib/go-1.23/bin/go; GOTRACEBACK=all prints the header "goroutine 1 gp=0x… m=0 mp=0x… [running]:" from Go 1.23 on), from the programs in
# src/test/go/dumps and src/test/go/hang.go. Run from the repository root (apt-get install -y golang-go first):
#   sh src/test/resources/captures/go-dumps/make-captures.sh
# Each run makes new dumps (goroutine ids and addresses change; the truth files name goroutines by id).
set -eu
go=${GO:-go}
tag=go$("$go" env GOVERSION | sed 's/^go1\.\([0-9]*\).*/1\1/')
out=src/test/resources/captures/go-dumps
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
for p in chan_deadlock mutex_deadlock nil_map_panic idle_workers http_server http_client_stuck; do
    (cd "$bin" && cp "$OLDPWD/src/test/go/dumps/$p.go" . && "$go" build -o "$p" "$p.go")
done
(cd "$bin" && cp "$OLDPWD/src/test/go/hang.go" . && "$go" build -o hang hang.go)
# the runtime prints the dump on standard error and exits 2; the build folder's path is written as /tmp/build
scrub() { sed "s|$bin|/tmp/build|g"; }
"$bin/chan_deadlock" 2>&1 | scrub > "$out/chan-deadlock-$tag.txt" || true
"$bin/mutex_deadlock" 2>&1 | scrub > "$out/mutex-deadlock-$tag.txt" || true
"$bin/nil_map_panic" 2>&1 | scrub > "$out/nil-map-panic-$tag.txt" || true
# SIGQUIT after SECONDS: the runtime dumps every goroutine; the program's "ready" line taken out
sigquit() { # NAME SECONDS PROGRAM [ARGUMENT]
    name=$1 seconds=$2 p=$3
    shift 3
    "$bin/$p" "$@" > "$bin/$p.out" 2>&1 &
    pid=$!
    sleep "$seconds"
    kill -QUIT "$pid"
    wait "$pid" || true
    grep -v "^ready$" "$bin/$p.out" | scrub > "$out/$name-sigquit-$tag.txt"
}
for p in idle_workers http_server http_client_stuck hang; do
    sigquit "$(echo $p | tr _ -)" 1 "$p"
done
# the idle workers after two garbage collections, a minute later: the runtime prints how long each goroutine has waited
sigquit stale-workers 65 idle_workers collected
