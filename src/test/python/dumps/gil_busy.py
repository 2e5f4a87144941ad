"""Two threads that compute without end in pure Python: they take turns holding the GIL, so a stack taken at any moment
may find one waiting for it (py-bt: "Waiting for the GIL"). The main thread joins them: busy.
faulthandler prints every thread's Python stack on SIGUSR1."""
import faulthandler
import signal
import threading

faulthandler.register(signal.SIGUSR1, all_threads=True)


def spin():
    n = 0
    while True:
        n = (n * 31 + 7) % 1000003


workers = [threading.Thread(target=spin, name="spin-%d" % i) for i in range(2)]
for w in workers:
    w.start()
print("ready", flush=True)
for w in workers:
    w.join()
