"""Runs a Python program and, on request, prints its threads in py-spy dump's layout (py-spy's src/dump.rs and
src/stack_trace.rs): py-spy itself cannot be installed here (no PyPI, no crates.io), so its output is made from the same
facts it reads: each thread's OS id (threading's native_id), its name, its Python frames innermost first (the code
object's name, the file shortened as py-spy's shorten_filename does, the line), and whether the kernel had it running
when the states were read (R in /proc/PID/task/TID/stat, which remoteprocess's Thread::active reads), with py-spy's
fallback that a thread whose innermost frame is a threading wait or a selectors select is idle.

    python layout.py DIR PROGRAM [ARGS...]

A thread of its own waits for DIR/states (one "TID STATE" line per task, read from /proc by the capture script
before anything of this process runs, as py-spy reads them before it reads the frames), writes DIR/dump and leaves
itself out of it: it holds the GIL while it writes, so no thread is shown holding it. The program runs as __main__
under this script, whose own frame below the program's is left out too."""
import os
import sys
import threading
import time


HERE = __file__


def shorten(filename):
    """py-spy's shorten_filename: the path from the first folder up without an __init__.py."""
    path = filename
    while True:
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
        if not os.path.exists(os.path.join(parent, "__init__.py")):
            break
    return os.path.relpath(filename, path) if filename.startswith(path) and path else filename


def idle_by_frame(frames):
    """py-spy's _heuristic_is_thread_idle, for a thread the kernel saw running."""
    if not frames:
        return False
    name, filename = frames[0].f_code.co_name, frames[0].f_code.co_filename
    return (name == "wait" and filename.endswith("threading.py")) or (name == "select" and filename.endswith("selectors.py"))


def dump(states, me):
    out = ["Process %d: %s" % (os.getpid(), " ".join(open("/proc/self/cmdline").read().rstrip("\0").split("\0"))),
           "Python v%d.%d.%d (%s)" % (sys.version_info[:3] + (sys.executable,)), ""]
    current = sys._current_frames()
    for t in threading.enumerate():
        if t is me or t.ident not in current:
            continue
        frames = []
        f = current[t.ident]
        while f is not None:
            if f.f_code.co_filename != HERE:  # this harness's own frame under the program's: not the program's
                frames.append(f)
            f = f.f_back
        active = states.get(t.native_id) == "R" and not idle_by_frame(frames)
        out.append('Thread %d (%s): "%s"' % (t.native_id, "active" if active else "idle", t.name))
        for f in frames:
            out.append("    %s (%s:%d)" % (f.f_code.co_name, shorten(f.f_code.co_filename), f.f_lineno))
    return "\n".join(out) + "\n"


def serve(folder):
    me = threading.current_thread()
    request = os.path.join(folder, "states")
    while not os.path.exists(request):
        time.sleep(0.01)
    states = {}
    for line in open(request):
        tid, state = line.split()
        states[int(tid)] = state
    text = dump(states, me)
    with open(os.path.join(folder, "dump.part"), "w") as f:
        f.write(text)
    os.rename(os.path.join(folder, "dump.part"), os.path.join(folder, "dump"))


if __name__ == "__main__":
    folder, program = sys.argv[1], sys.argv[2]
    threading.Thread(target=serve, args=(folder,), name="py-spy-layout", daemon=True).start()
    sys.argv = sys.argv[2:]
    sys.path[0] = os.path.dirname(os.path.abspath(program))
    exec(compile(open(program).read(), program, "exec"), {"__name__": "__main__", "__file__": program})
