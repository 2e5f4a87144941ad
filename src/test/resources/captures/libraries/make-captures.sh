#!/bin/sh
# How the captures beside this script were made (Debian 12: gcc 12, gdb 13.1, Boost 1.74, Qt 5.15.8, gRPC 1.51.1,
# libev 4.33, jemalloc 5.3.0, Debian's rustc with tokio 1.24.2 from librust-tokio-dev), from programs of ours built
# on these libraries (src/test/c/lib-*, src/test/rust/tokio-server), captured as users capture: attached with
# gdb -batch -ex "thread apply all bt", or run under gdb until they crashed. Run as root from the repository root:
#   sh src/test/resources/captures/libraries/make-captures.sh
set -eu
out=src/test/resources/captures/libraries
bin=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$bin"' EXIT
g++ -g -O0 -pthread -o "$bin/asio-server" src/test/c/lib-asio-server.cc
g++ -g -O0 -fPIC -o "$bin/qt-app" src/test/c/lib-qt-app.cpp $(pkg-config --cflags --libs Qt5Core)
gcc -g -O0 -o "$bin/libev-loop" src/test/c/lib-libev-loop.c -lev
gcc -g -O0 -o "$bin/jemalloc-bg" src/test/c/lib-jemalloc-bg.c -ljemalloc
cp src/test/c/lib-grpc-echo.proto "$bin/"
(cd "$bin" && protoc --cpp_out=. --grpc_out=. --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" lib-grpc-echo.proto)
for p in server client; do
    g++ -g -O1 -I"$bin" -o "$bin/grpc-$p" "src/test/c/lib-grpc-$p.cc" "$bin/lib-grpc-echo.pb.cc" "$bin/lib-grpc-echo.grpc.pb.cc" \
        $(pkg-config --cflags --libs grpc++ protobuf) -pthread
done
(cd src/test/rust/tokio-server && CARGO_TARGET_DIR="$bin/cargo" cargo build -q)
cp "$bin/cargo/debug/tokio-server" "$bin/tokio-server"

attach() { # NAME PID: one listing, as a user takes it
    gdb -p "$2" -batch -nx -ex "thread apply all bt" > "$out/$1.txt" 2>&1
}
twice() { # NAME PID: two listings 2 s apart
    { gdb -p "$2" -batch -nx -ex "thread apply all bt"; sleep 2; gdb -p "$2" -batch -nx -ex "thread apply all bt"; } > "$out/$1.txt" 2>&1
}
start() { "$@" </dev/null >/dev/null 2>&1 & echo $!; }
# a client that keeps N connections busy with small echoes (load)
load() { # PORT SECONDS
    python3 - "$1" "$2" <<'PY' &
import socket, sys, threading, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
def run():
    end = time.time() + seconds
    s = socket.create_connection(("127.0.0.1", port))
    while time.time() < end:
        s.sendall(b"x" * 512); s.recv(4096)
for _ in range(8): threading.Thread(target=run, daemon=True).start()
time.sleep(seconds)
PY
}
poke() { python3 -c "import socket,sys; s=socket.create_connection(('127.0.0.1',int(sys.argv[1]))); s.sendall(b'hi'); import time; time.sleep(3)" "$1" & }

# Boost.Asio: idle; under load (a client keeps 8 connections echoing; two samples); a handler that computes for ever (busy); two
# posted handlers deadlocked on two std::mutex; a crash in a handler under gdb run
pid=$(start "$bin/asio-server" idle 5601); sleep 1; attach asio-idle "$pid"
load 5601 6; sleep 1; twice asio-load-2samples "$pid"; sleep 4; kill -9 "$pid"
pid=$(start "$bin/asio-server" spin 5602); sleep 1; poke 5602; sleep 1; twice asio-spin-2samples "$pid"; kill -9 "$pid"
pid=$(start "$bin/asio-server" deadlock 5603); sleep 1; twice asio-deadlock-2samples "$pid"; kill -9 "$pid"
(sleep 2; poke 5604) &
gdb -batch -nx -ex run -ex "thread apply all bt" --args "$bin/asio-server" crash 5604 > "$out/asio-crash-run.txt" 2>&1 </dev/null || true

# Qt: idle; two QThreads deadlocked on two QMutexes; a crash in a timer slot under gdb run
pid=$(start "$bin/qt-app" idle); sleep 1; attach qt-idle "$pid"; kill -9 "$pid"
pid=$(start "$bin/qt-app" deadlock); sleep 1; attach qt-deadlock "$pid"; kill -9 "$pid"
QT_FORCE_STDERR_LOGGING=1 gdb -batch -nx -ex run -ex "thread apply all bt" --args "$bin/qt-app" crash > "$out/qt-crash-run.txt" 2>&1 </dev/null || true

# gRPC: idle; under load (a client on 4 threads; two samples); every call stuck on a backend that never answers (two samples)
pid=$(start "$bin/grpc-server" idle 50071); sleep 1; attach grpc-idle "$pid"
"$bin/grpc-client" 50071 4 100000000 </dev/null >/dev/null 2>&1 & cpid=$!
sleep 2; twice grpc-load-2samples "$pid"; kill -9 "$cpid" "$pid"
pid=$(start "$bin/grpc-server" stuck 50072); sleep 1
"$bin/grpc-client" 50072 2 1 </dev/null >/dev/null 2>&1 & cpid=$!
sleep 2; twice grpc-stuck-2samples "$pid"; kill -9 "$cpid" "$pid"

# tokio: idle; a task computing for ever on a worker (busy, two samples); two spawn_blocking tasks deadlocked on two
# std::sync::Mutex; a task dereferencing null under gdb run
pid=$(start "$bin/tokio-server" idle 5611); sleep 1; attach tokio-idle "$pid"; kill -9 "$pid"
pid=$(start "$bin/tokio-server" spin 5612); sleep 1; twice tokio-spin-2samples "$pid"; kill -9 "$pid"
pid=$(start "$bin/tokio-server" deadlock 5613); sleep 1; attach tokio-deadlock "$pid"; kill -9 "$pid"
gdb -batch -nx -ex run -ex "thread apply all bt" --args "$bin/tokio-server" crash 5614 > "$out/tokio-crash-run.txt" 2>&1 </dev/null || true

# libev and jemalloc's background threads, idle
pid=$(start "$bin/libev-loop"); sleep 1; attach libev-idle "$pid"; kill -9 "$pid"
MALLOC_CONF=background_thread:true "$bin/jemalloc-bg" </dev/null >/dev/null 2>&1 & pid=$!
sleep 1; attach jemalloc-background-idle "$pid"; kill -9 "$pid"
sed -i "s|$bin|/tmp/build|g" "$out"/*.txt
