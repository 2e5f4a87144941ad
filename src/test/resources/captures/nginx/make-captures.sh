#!/bin/sh
# How the nginx captures beside this script were made (Debian 12: nginx 1.22.1 as shipped, without debug symbols;
# gdb 13.1): one master and one worker, no request in flight; each process is captured on its own, as a user
# attaches gdb to one PID. Run as root from the repository root:
#   apt-get install -y nginx && sh src/test/resources/captures/nginx/make-captures.sh
set -eu
out=src/test/resources/captures/nginx
dir=$(mktemp -d)
trap 'kill $(cat "$dir/nginx.pid") 2>/dev/null || true; sleep 0.5; rm -rf "$dir"' EXIT
mkdir -p "$dir/logs"
cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
    server { listen 127.0.0.1:8099; location / { return 200 "ok\n"; } }
}
CONF
nginx -p "$dir" -c "$dir/nginx.conf" </dev/null >"$dir/out" 2>&1 &
sleep 1
master=$(cat "$dir/nginx.pid")
worker=$(pgrep -P "$master")
gdb -p "$master" -batch -nx -ex "thread apply all bt" > "$out/nginx122-master.txt" 2>&1
gdb -p "$worker" -batch -nx -ex "thread apply all bt" > "$out/nginx122-worker.txt" 2>&1
