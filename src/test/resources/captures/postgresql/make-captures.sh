#!/bin/sh
# How the PostgreSQL captures beside this script were made (Debian 12: postgresql-15 15.18 as shipped, no -dbgsym;
# gdb 13.1). A throw-away cluster on a UNIX socket only; session A updates a row and stays idle in its transaction,
# session B updates the same row and waits for A's transaction (pg_stat_activity: Lock/transactionid, blocked by A).
# Run as root from the repository root:  sh src/test/resources/captures/postgresql/make-captures.sh
set -eu
out=$(pwd)/src/test/resources/captures/postgresql
pg=/usr/lib/postgresql/15/bin
dir=$(mktemp -d)
chown postgres "$dir"
su postgres -c "$pg/initdb -D $dir/data -A trust >/dev/null && $pg/pg_ctl -D $dir/data -o '-p 5499 -k $dir -c listen_addresses=' -l $dir/log start" >/dev/null
trap 'su postgres -c "$pg/pg_ctl -D $dir/data -m immediate stop" >/dev/null; rm -rf "$dir"' EXIT
sleep 2
q() { psql -h "$dir" -p 5499 -U postgres -Atc "$1"; }
q "create table accounts(id int primary key, balance int); insert into accounts values (1, 100), (2, 200);"
printf 'begin;\nupdate accounts set balance = balance - 10 where id = 1;\n\\! sleep 600\n' | psql -h "$dir" -p 5499 -U postgres >/dev/null 2>&1 &
sleep 1
printf 'update accounts set balance = balance + 10 where id = 1;\n' | psql -h "$dir" -p 5499 -U postgres >/dev/null 2>&1 &
sleep 1
a=$(q "select pid from pg_stat_activity where state = 'idle in transaction'")
b=$(q "select pid from pg_stat_activity where wait_event_type = 'Lock'")
attach() { gdb -p "$1" -batch -nx -ex "thread apply all bt" 2>&1; }
{ attach "$b"; sleep 2; attach "$b"; } > "$out/backend-row-lock-wait-2samples.txt"
attach "$a" > "$out/backend-idle-in-transaction.txt"
attach "$(q "select pid from pg_stat_activity where backend_type = 'walwriter'")" > "$out/walwriter-forked-in-signal-handler.txt"
attach "$(head -1 "$dir/data/postmaster.pid")" > "$out/postmaster.txt"
