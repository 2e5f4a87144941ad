#!/bin/sh
# How the captures beside this script were made (Debian 12: ruby 3.1 as shipped, without debug symbols, gdb 13.1),
# from the Ruby programs of src/test/ruby, which no knowledge pack describes. Run as root from the repository root:
#   sh src/test/resources/captures/ruby/make-captures.sh
set -eu
out=src/test/resources/captures/ruby
ruby src/test/ruby/spin.rb </dev/null >/dev/null 2>&1 &
pid=$!; sleep 2
{ gdb -p "$pid" -batch -nx -ex "thread apply all bt"; sleep 2; gdb -p "$pid" -batch -nx -ex "thread apply all bt"; } \
    > "$out/spin-2samples-gdb.txt" 2>&1
kill -9 "$pid"
