#!/bin/sh
# How the GLib captures beside this script were made (Debian 12: gcc 12, gdb 13.1, glibc 2.36, libglib2.0-0
# 2.74.6 as shipped, without debug symbols). Run as root from the repository root:
#   apt-get install -y libglib2.0-dev && sh src/test/resources/captures/glib/make-captures.sh
set -eu
out=src/test/resources/captures/glib
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
gcc -g -O0 -o "$bin/glib-deadlock" src/test/c/glib-deadlock.c $(pkg-config --cflags --libs glib-2.0)

# main in g_main_loop_run, two idle pool workers, two GThreads in an ABBA deadlock on two GMutexes, one GThread
# joining one of them; one listing, then two more 1 s apart.
"$bin/glib-deadlock" </dev/null >"$bin/out" 2>&1 &
pid=$!
sleep 1
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/glib-deadlock.txt" 2>&1
{ gdb -p "$pid" -batch -nx -ex "thread apply all bt"; sleep 1; gdb -p "$pid" -batch -nx -ex "thread apply all bt"; } \
    > "$out/glib-deadlock-2samples.txt" 2>&1
kill -9 "$pid"

# a shared GThreadPool whose worker has finished its tasks: after half a second idle it waits in GLib's global queue
# of unused threads (g_async_queue_timeout_pop from g_thread_pool_wait_for_new_pool); one listing 2 s after start.
gcc -g -O0 -o "$bin/glib-idle-pool" src/test/c/glib-idle-pool.c $(pkg-config --cflags --libs glib-2.0)
"$bin/glib-idle-pool" </dev/null >/dev/null 2>&1 &
pid=$!
sleep 2
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/glib-idle-pool.txt" 2>&1
kill -9 "$pid"
