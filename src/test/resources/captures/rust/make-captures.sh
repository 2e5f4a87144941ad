#!/bin/sh
# How the Rust captures beside this script were made (Debian 12: gdb 13.1, glibc 2.36), from
# src/test/rust/mutex_deadlock.rs built with debug info (-g, as "cargo build" does) by two compilers whose std
# names its sync internals differently: Debian's rustc 1.63 (std::sys::unix::locks::futex::*) and rustup's
# stable 1.95 (std::sys::sync::*, std::sys::pal::unix::*). Run as root from the repository root:
#   sh src/test/resources/captures/rust/make-captures.sh [RUSTC_1_95]
set -eu
out=src/test/resources/captures/rust
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
/usr/bin/rustc -g -o "$bin/mutex_deadlock" src/test/rust/mutex_deadlock.rs
capture() { # NAME: one "thread apply all bt" of the running program, 1 s after it started
    "$bin/mutex_deadlock" </dev/null >"$bin/out" 2>&1 &
    pid=$!
    sleep 1
    gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/$1.txt" 2>&1
    kill -9 "$pid"
}
capture mutex-deadlock-rustc163
"${1:-$HOME/.cargo/bin/rustc}" -g -o "$bin/mutex_deadlock" src/test/rust/mutex_deadlock.rs
capture mutex-deadlock-rustc195
