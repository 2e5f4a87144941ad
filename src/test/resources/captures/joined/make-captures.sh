#!/bin/sh
# How the joined captures beside this script were made: a runtime's dump of its threads and gdb's listing of the same
# process, taken one after the other while the process stays blocked, written one after the other in one file as a
# user pastes them (gdb 13.1, Debian 12). Run as root from the repository root, with the names of the captures to
# make (all when none):
#   sh src/test/resources/captures/joined/make-captures.sh [monitor-deadlock-jdk17] [latch-server-jdk17] [lock-deadlock-py311] [pool-idle-py312] [syscall-read-go123]
# - monitor-deadlock-jdk17, latch-server-jdk17: src/test/jvm/MonitorDeadlock.java, app/LatchServer.java on Debian's
#   openjdk-17 (jstack -l, then gdb)
# - lock-deadlock-py311, pool-idle-py312, http-stuck-py311: src/test/python/dumps/lock_deadlock.py and http_stuck.py on
#   CPython 3.11.7, pool_idle.py on 3.12.1 (pyenv builds, with their symbols): faulthandler's dump on SIGUSR1, then gdb
# - syscall-read-go123: src/test/go/dumps/syscall_read.go built by bookworm-backports' golang-1.23 (GO, default
#   /usr/lib/go-1.23/bin/go), run with GOTRACEBACK=system (each frame's pc= printed): gdb, then the runtime's dump on
#   SIGQUIT (which ends the program)
set -eu
out=src/test/resources/captures/joined
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ready() { for i in $(seq 50); do grep -q ready "$1" 2>/dev/null && break; sleep 0.1; done; sleep 1; }
listing() { gdb -p "$1" -batch -nx -ex "thread apply all bt" 2>&1 | grep -v "^warning: \|^\[New LWP\|^\[Thread debugging\|^Using host libthread_db"; }

jvm() { # NAME CLASS SOURCES...
    j17=/usr/lib/jvm/java-17-openjdk-amd64/bin
    name=$1 class=$2
    shift 2
    "$j17/javac" -d "$tmp" "$@"
    "$j17/java" -cp "$tmp" "$class" >"$tmp/out" 2>&1 &
    pid=$!
    ready "$tmp/out"
    "$j17/jstack" -l "$pid" > "$tmp/dump"
    listing "$pid" > "$out/$name.txt"
    cat "$tmp/dump" >> "$out/$name.txt"
    kill -9 "$pid"
}

python() { # NAME VERSION PROGRAM
    "/root/.pyenv/versions/$2/bin/python${2%.*}" "src/test/python/dumps/$3.py" >"$tmp/pyout" 2>"$tmp/pydump" &
    pid=$!
    ready "$tmp/pyout"
    kill -USR1 "$pid"
    sleep 0.5
    listing "$pid" > "$out/$1.txt"
    sed -e "s|\"src/test/python/dumps/|\"/srv/app/|" -e "s|\"$PWD/src/test/python/dumps/|\"/srv/app/|" "$tmp/pydump" >> "$out/$1.txt"
    kill -9 "$pid"
}

go() { # NAME PROGRAM
    (cd "$tmp" && cp "$OLDPWD/src/test/go/dumps/$2.go" . && "${GO:-/usr/lib/go-1.23/bin/go}" build -o "$2" "$2.go")
    GOTRACEBACK=system "$tmp/$2" >"$tmp/goout" 2>&1 &
    pid=$!
    ready "$tmp/goout"
    listing "$pid" > "$out/$1.txt"
    kill -QUIT "$pid"
    wait "$pid" || true
    grep -v "^ready$" "$tmp/goout" | sed "s|$tmp|/tmp/build|g" >> "$out/$1.txt"
}

for c in ${@:-monitor-deadlock-jdk17 latch-server-jdk17 lock-deadlock-py311 pool-idle-py312 http-stuck-py311 syscall-read-go123}; do
    case "$c" in
        monitor-deadlock-jdk17) jvm "$c" MonitorDeadlock src/test/jvm/MonitorDeadlock.java ;;
        latch-server-jdk17) jvm "$c" app.LatchServer src/test/jvm/app/LatchServer.java src/test/jvm/framework/Launcher.java ;;
        lock-deadlock-py311) python "$c" 3.11.7 lock_deadlock ;;
        pool-idle-py312) python "$c" 3.12.1 pool_idle ;;
        http-stuck-py311) python "$c" 3.11.7 http_stuck ;;
        syscall-read-go123) go "$c" syscall_read ;;
    esac
done
