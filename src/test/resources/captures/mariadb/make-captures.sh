#!/bin/sh
# How the MariaDB captures beside this script were made (Debian 12: mariadb-server 10.11.19 as shipped, without
# debug symbols; gdb 13.1). Run as root from the repository root:
#   apt-get install -y mariadb-server && sh src/test/resources/captures/mariadb/make-captures.sh
set -eu
out=src/test/resources/captures/mariadb
dir=$(mktemp -d)
M="mariadb --no-defaults -S $dir/sock"
trap '$M -e shutdown >/dev/null 2>&1 || true; sleep 2; pkill -f "mariadb --no-defaults -S $dir" || true; rm -rf "$dir"' EXIT
mariadb-install-db --no-defaults --datadir="$dir/data" --user=root --auth-root-authentication-method=normal >/dev/null 2>&1
mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" --skip-networking --user=root --skip-grant-tables \
    --log-error="$dir/err.log" </dev/null >/dev/null 2>&1 &
pid=$!
sleep 4
$M -e "create database t; create table t.a (id int primary key, v int) engine=innodb; insert into t.a values (1,1),(2,2)"
# Idle: the client above has gone; its thread waits in the thread cache.
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/mariadb1011-idle.txt" 2>&1
# Session 1 updates row 1 in a transaction and sleeps in SELECT SLEEP(600); session 2 updates the same row (an
# InnoDB row lock wait); session 3 runs ALTER TABLE (a metadata lock wait); session 4 stays connected, idle.
(echo "begin; update t.a set v=v+1 where id=1; select sleep(600);" | $M >/dev/null 2>&1 &)
sleep 1
(echo "update t.a set v=v+10 where id=1;" | $M >/dev/null 2>&1 &)
(echo "alter table t.a add column w int;" | $M >/dev/null 2>&1 &)
( (echo "select 1;"; sleep 600) | $M >/dev/null 2>&1 &)
sleep 2
$M -e "show processlist" > "$dir/processlist"
{ gdb -p "$pid" -batch -nx -ex "thread apply all bt"; sleep 1; gdb -p "$pid" -batch -nx -ex "thread apply all bt"; } \
    > "$out/mariadb1011-row-and-mdl-lock-waits-2samples.txt" 2>&1
cp "$dir/processlist" "$out/mariadb1011-row-and-mdl-lock-waits-2samples.processlist"
