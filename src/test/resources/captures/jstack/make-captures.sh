#!/bin/sh
# How the thread dumps beside this script were made (Debian 12: openjdk-17-jdk-headless 17.0.15 and its jstack, 17.0.21 for
# the jcmd Thread.print and kill -3 ones;
# Temurin 25.0.3 for the Java 25 ones; Debian 11's openjdk-11-jdk-headless 11.0.24 and Debian 13's openjdk-21-jdk-headless
# 21.0.13 for the Java 11 and 21 ones, unpacked with dpkg-deb -x, Java 21 run on Debian 13's glibc 2.41 through its loader:
# J21 names a folder of java/javac/jstack/jcmd wrappers that do so), from the programs in src/test/jvm. Run as root from
# the repository root:
#   sh src/test/resources/captures/jstack/make-captures.sh
set -eu
out=src/test/resources/captures/jstack
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
j17=/usr/lib/jvm/java-17-openjdk-amd64/bin
j25=/usr/lib/jvm/temurin-25-jdk-amd64/bin
"$j17/javac" -d "$bin" src/test/jvm/MonitorDeadlock.java src/test/jvm/LockDeadlock.java src/test/jvm/PoolStarvation.java \
    src/test/jvm/IdleServer.java src/test/jvm/app/LatchServer.java src/test/jvm/framework/Launcher.java src/test/jvm/HttpStuck.java

# start CLASS with JAVA_BIN, wait until it prints "ready" and its threads reach their waits; its pid in $pid
start() {
    "$1/java" -cp "$2" "$3" >"$bin/out" 2>&1 &
    pid=$!
    for i in $(seq 50); do grep -q ready "$bin/out" 2>/dev/null && break; sleep 0.1; done
    sleep 1
}

start "$j17" "$bin" MonitorDeadlock
"$j17/jstack" "$pid" > "$out/monitor-deadlock-jdk17.txt"
"$j17/jstack" -l "$pid" > "$out/monitor-deadlock-jdk17-l.txt"
kill -9 "$pid"

start "$j17" "$bin" LockDeadlock
"$j17/jstack" -l "$pid" > "$out/lock-deadlock-jdk17-l.txt"
"$j17/jstack" "$pid" > "$out/lock-deadlock-jdk17.txt"
kill -9 "$pid"

start "$j17" "$bin" PoolStarvation
"$j17/jstack" -l "$pid" > "$out/pool-starvation-jdk17-l.txt"
kill -9 "$pid"

start "$j17" "$bin" IdleServer
"$j17/jstack" "$pid" > "$out/idle-server-jdk17.txt"
kill -9 "$pid"
# main waits for shutdown on a CountDownLatch under a command framework's frames (another package than the program's)
start "$j17" "$bin" app.LatchServer
"$j17/jstack" -l "$pid" > "$out/latch-server-jdk17-l.txt"
kill -9 "$pid"
# main waits for an HTTP server that accepted the connection and never answers: hung on I/O
start "$j17" "$bin" HttpStuck
"$j17/jstack" -l "$pid" > "$out/http-stuck-jdk17-l.txt"
kill -9 "$pid"
# the same dump through jcmd Thread.print, and kill -3 (the JVM prints it on its own standard output, then its heap)
start "$j17" "$bin" IdleServer
"$j17/jcmd" "$pid" Thread.print > "$out/idle-server-jdk17-jcmd-print.txt"
kill -3 "$pid"
sleep 0.5
kill -9 "$pid"
grep -v "^ready$" "$bin/out" > "$out/idle-server-jdk17-kill3.txt" # the program's own line out

if [ -x "$j25/java" ]; then
    "$j25/javac" -d "$bin/25" src/test/jvm/MonitorDeadlock.java src/test/jvm/VirtualThreads.java
    start "$j25" "$bin/25" MonitorDeadlock
    "$j25/jstack" -l "$pid" > "$out/monitor-deadlock-jdk25-l.txt"
    kill -9 "$pid"
    start "$j25" "$bin/25" VirtualThreads
    "$j25/jstack" "$pid" > "$out/virtual-threads-jdk25.txt"
    rm -f "$bin/vt.txt"
    "$j25/jcmd" "$pid" Thread.dump_to_file -format=text "$bin/vt.txt" >/dev/null
    cp "$bin/vt.txt" "$out/virtual-threads-jdk25-jcmd.txt"
    kill -9 "$pid"
fi
j11=${J11:-/usr/lib/jvm/java-11-openjdk-amd64/bin}
if [ -x "$j11/java" ]; then # no virtual threads before Java 21
    "$j11/javac" -d "$bin/11" src/test/jvm/MonitorDeadlock.java src/test/jvm/LockDeadlock.java src/test/jvm/PoolStarvation.java
    for p in MonitorDeadlock:monitor-deadlock LockDeadlock:lock-deadlock PoolStarvation:pool-starvation; do
        start "$j11" "$bin/11" "${p%%:*}"
        "$j11/jstack" -l "$pid" > "$out/${p#*:}-jdk11-l.txt"
        kill -9 "$pid"
    done
fi
j21=${J21:-/usr/lib/jvm/java-21-openjdk-amd64/bin}
if [ -x "$j21/java" ]; then
    "$j21/javac" -d "$bin/21" src/test/jvm/MonitorDeadlock.java src/test/jvm/LockDeadlock.java src/test/jvm/VirtualThreads.java
    for p in MonitorDeadlock:monitor-deadlock LockDeadlock:lock-deadlock; do
        start "$j21" "$bin/21" "${p%%:*}"
        "$j21/jstack" -l "$pid" > "$out/${p#*:}-jdk21-l.txt"
        kill -9 "$pid"
    done
    start "$j21" "$bin/21" VirtualThreads
    "$j21/jstack" -l "$pid" > "$out/virtual-threads-jdk21-l.txt" # -l: the lock holder keeps while it sleeps
    rm -f "$bin/vt.txt"
    "$j21/jcmd" "$pid" Thread.dump_to_file -format=text "$bin/vt.txt" >/dev/null
    cp "$bin/vt.txt" "$out/virtual-threads-jdk21-jcmd.txt"
    kill -9 "$pid"
fi
# the dumps name this machine's JDK paths only; nothing else to scrub
