"""A worker thread reads address 0 through ctypes: SIGSEGV; faulthandler (enabled) prints every thread, the
faulting one as "Current thread"."""
import ctypes
import faulthandler
import threading

faulthandler.enable()
ready = threading.Event()


def reader():
    ready.wait()
    ctypes.string_at(0)


t = threading.Thread(target=reader, name="reader")
t.start()
ready.set()
t.join()
