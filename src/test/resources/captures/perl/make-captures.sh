#!/bin/sh
# How the captures beside this script were made (Debian 12: perl 5.36 with its threads and threads::shared, gdb 13.1,
# elfutils 0.188), from the Perl programs of src/test/perl, which no knowledge pack describes. Run as root from the
# repository root:
#   sh src/test/resources/captures/perl/make-captures.sh
set -eu
out=src/test/resources/captures/perl
trap 'kill -9 $(jobs -p) 2>/dev/null' EXIT
# two threads each holding one threads::shared lock and waiting for the other's: gdb twice, 2 s apart, then eu-stack
perl src/test/perl/two-locks.pl </dev/null >/dev/null 2>&1 &
pid=$!; sleep 3
{ gdb -p "$pid" -batch -nx -ex "thread apply all bt"; sleep 2; gdb -p "$pid" -batch -nx -ex "thread apply all bt"; } \
    > "$out/two-locks-2samples-gdb.txt" 2>&1
eu-stack -p "$pid" > "$out/two-locks-eu-stack.txt" 2>&1 || true
kill -9 "$pid"
# three workers waiting on an empty Thread::Queue, main joining them
perl src/test/perl/queue-workers.pl </dev/null >/dev/null 2>&1 &
pid=$!; sleep 2
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/queue-workers-gdb.txt" 2>&1
eu-stack -p "$pid" > "$out/queue-workers-eu-stack.txt" 2>&1 || true
kill -9 "$pid"
