#!/bin/sh
# How the Go capture beside this script was made (Debian 12: golang-1.19 1.19.8, gdb 13.1), from src/test/go/hang.go.
# Run as root from the repository root:  apt-get install -y golang-go && sh src/test/resources/captures/go/make-captures.sh
set -eu
out=src/test/resources/captures/go
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$bin" && go build -o hang "$OLDPWD/src/test/go/hang.go")
"$bin/hang" </dev/null >"$bin/out" 2>&1 &
pid=$!
sleep 1
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/goroutines-stuck-go119.txt" 2>&1
kill -QUIT "$pid" # the runtime's own goroutine dump, kept beside for the truth
sleep 0.5
sed "s|$bin|/tmp/build|g" "$bin/out" > "$out/goroutines-stuck-go119.sigquit.log"
