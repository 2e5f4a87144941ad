"""An uncaught exception in a thread other than the main one: threading's excepthook prints it, the thread ends."""
import threading


def worker(items):
    return [1 / x for x in items]


t = threading.Thread(target=worker, args=([1, 0],), name="divider")
t.start()
t.join()
