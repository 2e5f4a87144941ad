#!/bin/sh
# How the tracebacks beside this script were made: uncaught exceptions of the programs in src/test/python/tracebacks,
# printed by CPython 3.8.18 to 3.13.0 (pyenv builds under /root/.pyenv/versions). Run from the repository root:
#   sh src/test/resources/captures/python-traceback/make-captures.sh
# The programs' folder is written as /srv/app.
set -eu
out=src/test/resources/captures/python-traceback
src=src/test/python/tracebacks
py() { echo "/root/.pyenv/versions/$1/bin/python${1%.*}"; }
run() { # VERSION PROGRAM NAME
    "$(py "$1")" "$src/$2.py" 2>&1 | sed -e "s|$PWD/$src/|/srv/app/|g" -e "s|\"$src/|\"/srv/app/|g" > "$out/$3.txt" || true
}
run 3.8.18 missing_config missing-config-py38
run 3.11.7 missing_config missing-config-py311
run 3.13.0 missing_config missing-config-py313
run 3.10.13 chained chained-py310
run 3.12.1 thread_error thread-error-py312
run 3.9.18 recursion recursion-py39
