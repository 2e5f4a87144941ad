#!/bin/sh
# How the JVM captures beside this script were made (Debian 12: openjdk-17-jdk-headless 17.0.15, gdb 13.1; libjvm.so
# as Debian ships it, with its symbol table and no -dbg package), from the programs in src/test/jvm. Run as root from
# the repository root:  sh src/test/resources/captures/jvm/make-captures.sh
set -eu
out=src/test/resources/captures/jvm
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
javac -d "$bin" src/test/jvm/MonitorDeadlock.java

# A Java-level monitor deadlock: main holds "accounts" and waits for "audit", "auditor" the other way round.
java -cp "$bin" MonitorDeadlock >"$bin/out" 2>&1 &
pid=$!
sleep 2
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/monitor-deadlock-openjdk17.txt" 2>&1
kill -9 "$pid"

# The same deadlock in a newer HotSpot, when one is installed (Temurin 25.0.3 here: Debian 12 has no JDK 21 or 25).
j25=/usr/lib/jvm/temurin-25-jdk-amd64/bin
if [ -x "$j25/java" ]; then
    "$j25/javac" -d "$bin/25" src/test/jvm/MonitorDeadlock.java
    "$j25/java" -cp "$bin/25" MonitorDeadlock >"$bin/out25" 2>&1 &
    pid=$!
    sleep 2
    gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/monitor-deadlock-temurin25.txt" 2>&1
    kill -9 "$pid"
fi
