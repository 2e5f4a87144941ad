"""A ThreadPoolExecutor whose workers wait for tasks, and a main thread waiting on an Event nobody sets: idle.
faulthandler prints every thread's Python stack on SIGUSR1."""
import concurrent.futures
import faulthandler
import signal
import threading

faulthandler.register(signal.SIGUSR1, all_threads=True)
pool = concurrent.futures.ThreadPoolExecutor(max_workers=3)
for f in [pool.submit(pow, 2, n) for n in range(3)]:
    f.result()
stop = threading.Event()
print("ready", flush=True)
stop.wait()
