"""Two threads take two threading.Locks in opposite orders and block each other; the main thread joins them.
faulthandler prints every thread's Python stack on SIGUSR1 (faulthandler.register)."""
import faulthandler
import signal
import sys
import threading
import time

faulthandler.register(signal.SIGUSR1, all_threads=True)
accounts = threading.Lock()
ledger = threading.Lock()


def transfer():
    with accounts:
        time.sleep(0.2)
        with ledger:
            pass


def audit():
    with ledger:
        time.sleep(0.2)
        with accounts:
            pass


workers = [threading.Thread(target=transfer, name="transfer"), threading.Thread(target=audit, name="audit")]
for w in workers:
    w.start()
print("ready", flush=True)
for w in workers:
    w.join()
