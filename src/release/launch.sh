# How btexplain's JVM is started, shared by the clone's ./btexplain and the release's bin/btexplain (which are this file
# after a few lines that set $java, $jar and $jsa): flags by the kind of run, class-data sharing, and what Java cannot
# ask of the terminal. Sourced, not run.
# JIT and collector by the kind of run (measured in docs/benchmarks.md, 2 cores):
# - a report, in any format, of any input: C1 only (C2 compiling competes with the work on two cores: for 137 MB
#   in text, 2.0 s instead of 4.1 s; the bundled example in 0.28 s instead of 0.40 s), the serial collector (a
#   third less memory), and objects that survive one collection promoted at the next (most of a large run's
#   objects are its model, which lives to the end: copied once, not back and forth), and transparent huge pages for
#   the heap where the kernel gives them on request (its setting "madvise" or "always"; asked for where it says
#   "never", the JVM prints a warning): the first touch of each 4 KB page of the heap was most of the collector's
#   pauses on a VM (137 MB in text: 2.6 s instead of 3.7 s; the bundled example 0.46 s instead of 0.52 s);
# - a server (serve, mcp): C2 and the parallel collector, for the many requests of a long run, with a young generation
#   of 128 MB at most: a request body sent in 1-byte chunks makes garbage at every byte, and with the default young
#   generation (a share of the machine's memory) 60 MB sent so took the server to 1.1 GB here and 3.65 GB on a 24 GB
#   machine; with it, 320 MB (live data, bounded by --max-body, lives in the old generation);
# - a fleet (fleet): C2, whose code signs a million reports in half the CPU time of C1's, with less inlining than its
#   default (compiling was a fifth of a million reports' CPU time), the serial collector (the parallel one took 2.5 GB
#   for 100,000 reports, with no gain), and survivors promoted at the next collection (the buckets and caches live to
#   the end: the collector's pauses 1.1 s instead of 1.5 s for a million). Paired on a million reports, one core each:
#   InlineSmallCode 500 and FreqInlineSize 100 instead of 1000 and 150 took 5.7 % less CPU (300 and 60: 3.4 % more),
#   inlining at most 9 calls deep instead of 15 3.9 % less (6: 1.8 % more); the three together against the flags before,
#   eight pairs, 2.6 % less.
quick="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxTenuringThreshold=1 -XX:-UsePerfData"
case "$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)" in
    *"[madvise]"*|*"[always]"*) quick="$quick -XX:+UseTransparentHugePages" ;;
esac
long="-XX:+UseParallelGC -XX:NewRatio=1 -XX:MaxNewSize=128m"
batch="-XX:+UseSerialGC -XX:MaxTenuringThreshold=1 -XX:-UsePerfData"
batch="$batch -XX:InlineSmallCode=500 -XX:FreqInlineSize=100 -XX:MaxInlineLevel=9"
case "${1:-}" in
    serve|mcp) opts=$long ;;
    fleet) opts=$batch ;;
    *) opts=$quick ;;
esac
# Class-data sharing: the first run after a build archives the classes it loaded next to the jar; later runs map
# them instead of loading and verifying them again (a small explain starts in about two thirds of the time). JVM
# log lines go to stderr, never into the report on stdout; a missing or stale archive is ignored (-Xshare:auto).
if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
    cds="-Xlog:disable -Xlog:all=warning:stderr -XX:SharedArchiveFile=$jsa -Xshare:auto"
else
    cds="-Xlog:disable -XX:ArchiveClassesAtExit=$jsa" # the archive's own notes (classes it leaves out) are not the user's
fi
# whether standard error is a terminal (a status line while attaching or reading a large file), which Java cannot ask
if [ -t 2 ]; then export BTEXPLAIN_STDERR_TTY=1; else export BTEXPLAIN_STDERR_TTY=0; fi
# the terminal's width, which Java cannot ask: the text report wraps to it (only when standard output is the terminal)
if [ -t 1 ] && size=$(stty size </dev/tty 2>/dev/null); then
    export BTEXPLAIN_COLUMNS="${size#* }"
fi
exec "$java" $cds ${BTEXPLAIN_JAVA_OPTS:-$opts} -jar "$jar" "$@"
