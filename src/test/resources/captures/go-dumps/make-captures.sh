#!/bin/sh
# How the goroutine dumps beside this script were made (Debian 12: golang-1.19 1.19.8), from the programs in
# src/test/go/dumps and src/test/go/hang.go. Run from the repository root (apt-get install -y golang-go first):
#   sh src/test/resources/captures/go-dumps/make-captures.sh
# Each run makes new dumps (goroutine ids and addresses change; the truth files name goroutines by id).
set -eu
out=src/test/resources/captures/go-dumps
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
for p in chan_deadlock mutex_deadlock nil_map_panic idle_workers http_server http_client_stuck; do
    (cd "$bin" && cp "$OLDPWD/src/test/go/dumps/$p.go" . && go build -o "$p" "$p.go")
done
(cd "$bin" && cp "$OLDPWD/src/test/go/hang.go" . && go build -o hang hang.go)
# the runtime prints the dump on standard error and exits 2; the build folder's path is written as /tmp/build
scrub() { sed "s|$bin|/tmp/build|g"; }
"$bin/chan_deadlock" 2>&1 | scrub > "$out/chan-deadlock-go119.txt" || true
"$bin/mutex_deadlock" 2>&1 | scrub > "$out/mutex-deadlock-go119.txt" || true
"$bin/nil_map_panic" 2>&1 | scrub > "$out/nil-map-panic-go119.txt" || true
# SIGQUIT: the runtime dumps every goroutine; its "ready" line taken out
for p in idle_workers http_server http_client_stuck hang; do
    "$bin/$p" > "$bin/$p.out" 2>&1 &
    pid=$!
    sleep 1
    kill -QUIT "$pid"
    wait "$pid" || true
    grep -v "^ready$" "$bin/$p.out" | scrub > "$out/$(echo $p | tr _ -)-sigquit-go119.txt"
done
