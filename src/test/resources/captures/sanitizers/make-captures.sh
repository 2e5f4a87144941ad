#!/bin/sh
# How the sanitizer reports beside this script were made (Debian 12: gcc 12 with its libasan and libtsan), from the
# programs in src/test/c. Run from the repository root:  sh src/test/resources/captures/sanitizers/make-captures.sh
set -eu
out=src/test/resources/captures/sanitizers
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
gcc -g -O0 -fsanitize=address -pthread -o "$bin/asan-use-after-free" src/test/c/asan-use-after-free.c
gcc -g -O0 -fsanitize=thread -pthread -o "$bin/tsan-data-race" src/test/c/tsan-data-race.c
(cd "$bin" && ./asan-use-after-free 2>&1 || true) | sed "s|$bin|/tmp/build|g" > "$out/asan-use-after-free.txt"
# TSan needs a kernel with a compatible memory layout; setarch -R disables address randomisation for it
(cd "$bin" && setarch "$(uname -m)" -R ./tsan-data-race 2>&1 || true) | sed "s|$bin|/tmp/build|g" > "$out/tsan-data-race.txt"
gcc -g -O0 -fsanitize=thread -pthread -o "$bin/tsan-lock-order" src/test/c/tsan-lock-order.c
(cd "$bin" && setarch "$(uname -m)" -R ./tsan-lock-order 2>&1 || true) | sed "s|$bin|/tmp/build|g" > "$out/tsan-lock-order.txt"
gcc -g -O0 -fsanitize=undefined -o "$bin/ubsan-overflow" src/test/c/ubsan-overflow.c
(cd "$bin" && UBSAN_OPTIONS=print_stacktrace=1 ./ubsan-overflow 2>&1 || true) | sed "s|$bin|/tmp/build|g" > "$out/ubsan-overflow.txt"
gcc -g -O0 -fsanitize=address -o "$bin/lsan-leak" src/test/c/lsan-leak.c
(cd "$bin" && ./lsan-leak 2>&1 || true) | sed "s|$bin|/tmp/build|g" > "$out/lsan-leak.txt"
