#!/bin/sh
# What a user waits for: the whole CLI run (JVM start, parse, analysis, rendering, writing) on the benchmarks'
# generated 75,000-thread gdb listing, in every output format, next to a minimal Perl loop that reads the same
# file line by line, one after the other in one run. Prints wall time, the ratio to Perl and peak RSS.
#   sh bench/e2e.sh [THREADS]        (builds target/btexplain.jar and target/benchmarks.jar first when missing)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
threads=${1:-75000}
[ -f target/benchmarks.jar ] || mvn -q -B -Pbench -DskipTests package >/dev/null
[ -f target/btexplain.jar ] || mvn -q -B -DskipTests package >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input="$work/input.txt"
java -cp target/benchmarks.jar dev.btexplain.bench.TraceGenerator "$input" "$threads" 15 >/dev/null
size=$(stat -c %s "$input")
measure() { # NAME COMMAND...: wall seconds and peak RSS (MB) from /usr/bin/time -v
    name=$1; shift
    /usr/bin/time -v "$@" >"$work/out" 2>"$work/time" || { echo "$name failed: $(tail -3 "$work/time")"; return; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2 / 1024}' "$work/time")
    out=$(stat -c %s "$work/out")
    echo "$name $wall $rss $out"
}
./btexplain examples/qemu-idle.txt >/dev/null # the launcher's first run after a build writes its class-data archive
echo "input: $threads threads, $size bytes"
perl=$(measure perl perl -ne '$n++; END { print "$n\n" }' "$input")
perl_s=$(echo "$perl" | cut -d' ' -f2)
printf '%-10s %8s %8s %9s %12s\n' what wall_s ratio rss_MB output_bytes
printf '%-10s %8s %8s %9s %12s\n' perl "$perl_s" 1.00 "$(echo "$perl" | cut -d' ' -f3)" "$(echo "$perl" | cut -d' ' -f4)"
for format in text markdown json html folded; do
    r=$(measure "$format" ./btexplain --format "$format" "$input")
    set -- $r
    if [ $# -lt 4 ]; then echo "$r"; continue; fi
    printf '%-10s %8s %8s %9s %12s\n' "$format" "$2" "$(echo "$2 $perl_s" | awk '{printf "%.2f", $1 / $2}')" "$3" "$4"
done
