#!/bin/sh
# How the captures beside this script were made: Debian 12's erlang-base (beam.smp, OTP 25, stripped but for its exported
# names) with gdb 13.1, as users capture: gdb -p PID -batch -ex "thread apply all bt". Run as root from the repository
# root (apt-get install erlang-base first):
#   sh src/test/resources/captures/erlang/make-captures.sh
# - idle-vm-gdb: a VM whose only process sleeps (timer:sleep(infinity)): every scheduler sleeps with an empty run queue
# - busy-vm-gdb: a VM whose process loops for ever in Erlang code: a scheduler runs it (JIT code, which gdb cannot name)
set -eu
out=src/test/resources/captures/erlang
capture() { # NAME EXPRESSION
    erl -noshell -eval "$2" </dev/null >/dev/null 2>&1 &
    sleep 3
    pid=$(pgrep -n -x beam.smp)
    gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/$1.txt" 2>&1
    kill -9 "$pid"
}
capture idle-vm-gdb 'timer:sleep(infinity).'
capture busy-vm-gdb 'F = fun(G, N) -> G(G, N + 1) end, F(F, 0).'
