#!/bin/sh
# How the goroutine dumps beside this script were made (Debian 12: golang-1.19 1.19.8; the -go121 and -go123 ones with bookworm-backports' golang-1.21 1.21.x and golang-1.23 1.23.5,
# GO=/usr/lib/go-1.23/bin/go; GOTRACEBACK=all prints the header "goroutine 1 gp=0x… m=0 mp=0x… [running]:" from Go 1.23 on), from src/test/go/kinds, whose
# kinds follow panicparse's cmd/panic generator (written here: one way to end per kind). Run from the repository root:
#   sh src/test/resources/captures/go-kinds/make-captures.sh
# GOTRACEBACK=all prints every goroutine; "race" is built with the race detector (go build -race, which needs gcc);
# "crash" is GOTRACEBACK=crash (runtime frames, registers). The build folder's path is written as /tmp/build.
set -eu
go=${GO:-go}
tag=go$("$go" env GOVERSION | sed 's/^go1\.\([0-9]*\).*/1\1/')
out=src/test/resources/captures/go-kinds
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cp -r src/test/go/kinds/. "$bin/"
(cd "$bin" && "$go" build -o kinds . && "$go" build -race -o kinds-race .)
scrub() { sed "s|$bin|/tmp/build|g"; }
for k in args-elided asleep chan-receive chan-send goroutine-1 goroutine-100 goroutine-pointers int locked other-package \
        slice stack-cut-off stdlib stdlib-and-other string nil-pointer index; do
    GOTRACEBACK=all timeout 10 "$bin/kinds" "$k" 2>&1 | scrub > "$out/$k-$tag.txt" || true
done
"$bin/kinds-race" race 2>&1 | scrub > "$out/race-$tag.txt" || true
GOTRACEBACK=crash timeout 10 "$bin/kinds" nil-pointer 2>&1 | scrub > "$out/nil-pointer-crash-$tag.txt" || true
