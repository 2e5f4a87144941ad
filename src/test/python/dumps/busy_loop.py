"""A thread that computes without end (pure Python, holding the GIL but for the interpreter's switches) while the
main thread joins it: busy. faulthandler prints every thread's Python stack on SIGUSR1."""
import faulthandler
import signal
import threading

faulthandler.register(signal.SIGUSR1, all_threads=True)


def collatz_forever():
    n = 1
    while True:
        x, steps = n, 0
        while x != 1:
            x = x // 2 if x % 2 == 0 else 3 * x + 1
            steps += 1
        n += 1


worker = threading.Thread(target=collatz_forever, name="compute")
worker.start()
print("ready", flush=True)
worker.join()
