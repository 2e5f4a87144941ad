#!/bin/sh
# Issue 28's figures for the in-process fleet, measured as a user runs it: FleetGenerator's reports (seed 7, 300
# shapes, gzip'd NDJSON) bucketed by `./btexplain fleet --format json`, ROUNDS times, each run just after a zcat of the
# same file: a rough gauge of the machine's speed at that moment (this VM's drifts by up to a third within minutes);
# then purity and buckets per true shape (FleetPurity), and whether the reports shuffled give the same buckets.
#   sh bench/fleet.sh [REPORTS] [ROUNDS]     (1000000 and 3 by default; about 1 GB in $TMPDIR for a million)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
reports=${1:-1000000}
rounds=${2:-3}
[ -f target/benchmarks.jar ] || mvn -q -B -Pbench -DskipTests package >/dev/null
[ -f target/btexplain.jar ] || mvn -q -B -DskipTests package >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input="$work/fleet.ndjson.gz"
java -cp target/benchmarks.jar dev.btexplain.bench.FleetGenerator "$input" "$reports" 300 7 >/dev/null
./btexplain examples/qemu-idle.txt >/dev/null # the launcher's first run after a build writes its class-data archive
echo "input: $reports reports, $(stat -c %s "$input") bytes gzip'd"
cpu() { # the user and system CPU seconds /usr/bin/time wrote to $1
    awk '{printf "%.2f", $1 + $2}' "$1"
}
printf '%-6s %9s %10s %8s %12s %7s %9s\n' round zcat_cpu fleet_cpu wall_s per_cpu_s rss_MB json_md5
for i in $(seq "$rounds"); do
    /usr/bin/time -f "%U %S" -o "$work/zcat" zcat "$input" >/dev/null
    /usr/bin/time -f "%U %S %e %M" -o "$work/fleet" ./btexplain fleet --format json "$input" >"$work/buckets.json"
    fleet=$(cpu "$work/fleet")
    printf '%-6s %9s %10s %8s %12s %7s %9s\n' "$i" "$(cpu "$work/zcat")" "$fleet" "$(cut -d' ' -f3 "$work/fleet")" \
        "$(echo "$reports $fleet" | awk '{printf "%d", $1 / $2}')" \
        "$(cut -d' ' -f4 "$work/fleet" | awk '{printf "%d", $1 / 1024}')" "$(md5sum <"$work/buckets.json" | cut -c1-8)"
done
# purity (the share of reports in a bucket whose majority shape is theirs) and buckets per true shape
java -XX:+UseSerialGC -XX:MaxTenuringThreshold=1 -XX:InlineSmallCode=500 -XX:FreqInlineSize=100 -XX:MaxInlineLevel=9 \
    -cp target/benchmarks.jar dev.btexplain.bench.FleetPurity "$input" | sed -n '1,2p'
# the same buckets whatever the order: the reports shuffled, compared but for each bucket's example (the least source,
# a line that shuffling moves) and the example's frames
fields='^ *"(id|signature|kind|count|first_seen|last_seen|versions|hosts|example_verdict|ended_by)"'
zcat "$input" | shuf --random-source="$input" | gzip -1 >"$work/shuffled.ndjson.gz"
grep -E "$fields" "$work/buckets.json" >"$work/ordered.buckets"
./btexplain fleet --format json "$work/shuffled.ndjson.gz" | grep -E "$fields" >"$work/shuffled.buckets"
if cmp -s "$work/ordered.buckets" "$work/shuffled.buckets"; then
    echo "shuffled: the same $(grep -c '"id"' "$work/ordered.buckets") buckets"
else
    echo "shuffled: DIFFERENT buckets"
    diff "$work/ordered.buckets" "$work/shuffled.buckets" | head -20
fi
