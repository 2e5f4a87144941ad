"""A CPython program with the waits threading offers: two workers spin in Python code (one holds the GIL, the
other waits for it most of the time), a thread waits for a threading.Lock the main thread holds, one waits on a
queue.Queue for jobs, one on a threading.Event nobody sets, one sleeps in time.sleep; main holds the lock and
joins the lock waiter, which never ends."""
import queue
import threading
import time

lock = threading.Lock()
jobs = queue.Queue()
done = threading.Event()


def spin():
    n = 0
    while True:
        n += 1


def take_lock():
    with lock:
        pass


def worker():
    while True:
        jobs.get()


def wait_done():
    done.wait()


def nap():
    time.sleep(1000)


lock.acquire()
threading.Thread(target=spin, name="spinner", daemon=True).start()
threading.Thread(target=spin, name="spinner-2", daemon=True).start()
waiter = threading.Thread(target=take_lock, name="lock-waiter")
waiter.start()
threading.Thread(target=worker, name="job-worker", daemon=True).start()
threading.Thread(target=wait_done, name="event-waiter", daemon=True).start()
threading.Thread(target=nap, name="sleeper", daemon=True).start()
print("ready", flush=True)
waiter.join()
