# btexplain inside gdb. Written by "btexplain gdb-init"; load it with "source FILE" or a "source FILE" line in
# ~/.gdbinit. Then, whenever gdb has a process or a core:
#
#   (gdb) btexplain                  explain every thread
#   (gdb) btexplain -n 3             explain thread 3 (under the process's verdict)
#   (gdb) btexplain --format markdown    (or json, html, folded; -o FILE writes the report to a file)
#   (gdb) btexplain --full           read "thread apply all bt full" (with locals)
#
# The command lists the stacks with gdb's "thread apply all bt" (and a runtime's own view of them where gdb has its
# extension: CPython's py-bt), asks gdb for the owner of every lock a thread waits on (the expressions come from
# btexplain's knowledge packs), and prints btexplain's report here.
import json
import os
import re
import signal
import subprocess
import time

import gdb

# How this script runs btexplain: the Java and the class path of the btexplain that wrote it.
JAVA = @JAVA@
CLASS_PATH = @CLASS_PATH@
SHARED_ARCHIVE = @SHARED_ARCHIVE@
# The commands that print a runtime's own view of each thread (CPython's py-bt), from btexplain's knowledge packs: each
# prints nothing where its runtime's gdb extension is not loaded.
RUNTIME_VIEWS = @RUNTIME_VIEWS@


class BtexplainError(Exception):
    pass


def _command():
    if not os.path.isfile(JAVA) or not os.access(JAVA, os.X_OK):
        raise BtexplainError("cannot run Java: %s is missing; run 'btexplain gdb-init' again with the Java you use" % JAVA)
    missing = [p for p in CLASS_PATH.split(os.pathsep) if not os.path.exists(p)]
    if missing:
        raise BtexplainError("the btexplain jar %s is missing: build it (./btexplain --version in its folder) "
                             "or run 'btexplain gdb-init' again" % missing[0])
    command = [JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"]  # a short run: see the launcher
    if SHARED_ARCHIVE and os.path.isfile(SHARED_ARCHIVE):
        # the archive the launcher made: a quicker start; a stale one is ignored
        command += ["-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:SharedArchiveFile=" + SHARED_ARCHIVE, "-Xshare:auto"]
    return command + ["-cp", CLASS_PATH, "dev.btexplain.cli.Main", "gdb-bridge"]


def _signal_description(name):
    """gdb's own description of a signal ("Segmentation fault"), as it prints it in its stop lines."""
    for line in gdb.execute("info signals " + name, to_string=True).splitlines():
        if line.startswith(name + " ") or line.startswith(name + "\t"):
            return line.split("\t")[-1].strip()
    return None


def _is_core():
    return "Local core dump file" in gdb.execute("info files", to_string=True)


def _session_lines(core):
    """The lines gdb printed when it stopped, which the listing alone does not hold: the signal and its thread."""
    if core:
        lines = []
        try:
            number = int(gdb.parse_and_eval("$_siginfo")["si_signo"])
            name = signal.Signals(number).name
            description = _signal_description(name)
            lines.append("Program terminated with signal %s%s." % (name, ", " + description if description else ""))
        except (gdb.error, ValueError):
            pass  # a core without the signal's record: the listing says what it can
        lines.append(gdb.execute("thread", to_string=True).strip())  # "[Current thread is 1 (Thread ... (LWP n))]"
        return lines
    program = gdb.execute("info program", to_string=True)
    stop = re.search(r"^It stopped with signal (SIG\w+), (.*?)\.?\s*$", program, re.M)
    if not stop:
        return []
    lwp = re.search(r"\(LWP (\d+)\)", program)
    for thread in gdb.selected_inferior().threads():
        if lwp and thread.ptid[1] == int(lwp.group(1)):
            name = ' "%s"' % thread.name if thread.name else ""
            return ["Thread %d%s received signal %s, %s." % (thread.num, name, stop.group(1), stop.group(2))]
    return ["Program received signal %s, %s." % (stop.group(1), stop.group(2))]


class BtexplainCommand(gdb.Command):
    """Explain every thread of the process gdb debugs now (live, a core, or stopped under run).
Usage: btexplain [-n THREAD] [--format text|markdown|json|html|folded] [-o FILE] [--full]
  -n THREAD   explain only this thread (gdb's number), under the verdict
  --format    the report's form (default: text)
  -o FILE     write the report to FILE
  --full      read "thread apply all bt full" (locals too)"""

    def __init__(self):
        super().__init__("btexplain", gdb.COMMAND_STACK)

    def invoke(self, argument, from_tty):
        try:
            gdb.write(self.explain(gdb.string_to_argv(argument)))
        except BtexplainError as e:
            raise gdb.GdbError("btexplain: " + str(e))

    def explain(self, args):
        if "-h" in args or "--help" in args:
            return self.__doc__ + "\n"  # the command's own usage, not the bridge's
        full = "--full" in args
        args = [a for a in args if a != "--full"]
        inferior = gdb.selected_inferior()
        if inferior.pid == 0 or not inferior.threads():
            raise BtexplainError("no process to explain: run the program, attach to it or load a core first")
        try:
            core = _is_core()
            started = time.monotonic()
            listing = gdb.execute("thread apply all bt full" if full else "thread apply all bt", to_string=True)
            for view in RUNTIME_VIEWS:
                try:
                    listing += "\n" + gdb.execute(view, to_string=True)
                except gdb.error:
                    pass  # the runtime's extension failed on this process: its threads keep gdb's frames alone
            session = _session_lines(core)
        except gdb.error as e:  # a running inferior (non-stop, "run &"), memory gdb cannot read...
            raise BtexplainError("gdb could not list the stacks: %s" % e)
        request = {
            "listing": "\n".join(session + [listing]),
            "listing_ms": int((time.monotonic() - started) * 1000),
            "target": "core" if core else "process",
            "pid": inferior.pid,
            "executable": gdb.current_progspace().filename,
            "full": full,
        }
        command = _command() + args
        try:
            bridge = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      encoding="utf-8", errors="replace")
        except OSError as e:
            raise BtexplainError("cannot run %s: %s" % (command[0], e.strerror))
        try:
            return self.converse(bridge, request)
        finally:
            if bridge.poll() is None:
                bridge.kill()
                bridge.wait()

    def converse(self, bridge, request):
        try:
            bridge.stdin.write(json.dumps(request) + "\n")
            bridge.stdin.flush()
            asked = bridge.stdout.readline()
            try:
                queries = json.loads(asked)["queries"] if asked else None
            except (ValueError, KeyError, TypeError):
                # it answered without asking (its usage, an error): what it printed is the answer
                bridge.stdin.close()
                return self.finish(bridge, asked)
            if queries is not None:
                answers = []
                for query in queries:
                    try:
                        answers.append(int(gdb.parse_and_eval(query["expression"])))
                    except (gdb.error, ValueError, OverflowError):
                        answers.append(None)  # no such symbol or memory: the report says it could not read it
                bridge.stdin.write(json.dumps({"answers": answers}) + "\n")
                bridge.stdin.close()
        except BrokenPipeError:
            pass  # btexplain ended early: its message is on its stderr
        return self.finish(bridge, "")

    def finish(self, bridge, start):
        report = start + bridge.stdout.read()
        errors = [line for line in bridge.stderr.read().splitlines() if line.strip()]
        if bridge.wait() != 0:
            last = errors[-1] if errors else "exit %d" % bridge.returncode
            raise BtexplainError(last[len("btexplain: "):] if last.startswith("btexplain: ") else last)
        return report


BtexplainCommand()
