#!/bin/sh
# How the stack traces beside this script were made: src/test/jvm/exceptions/Failures.java on Debian's openjdk-17, each
# way it ends (what the JVM prints on standard error). Run from the repository root:
#   sh src/test/resources/captures/java-exception/make-captures.sh
set -eu
out=src/test/resources/captures/java-exception
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
j17=/usr/lib/jvm/java-17-openjdk-amd64/bin
"$j17/javac" -d "$bin" src/test/jvm/exceptions/Failures.java
for k in uncaught thread suppressed logged; do
    "$j17/java" -cp "$bin" Failures "$k" 2> "$out/$k-jdk17.txt" || true
done
