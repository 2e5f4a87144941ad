"""A client hung on I/O: the main thread asks a local server for a page with urllib, and the server accepts the
connection but never answers. faulthandler prints every thread's Python stack on SIGUSR1."""
import faulthandler
import signal
import socket
import threading
import urllib.request

faulthandler.register(signal.SIGUSR1, all_threads=True)
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
accepted = []


def silent_server():
    conn, _ = listener.accept()
    accepted.append(conn)  # keeps the connection open and never answers


threading.Thread(target=silent_server, name="silent-server", daemon=True).start()
print("ready", flush=True)
urllib.request.urlopen("http://127.0.0.1:%d/status" % listener.getsockname()[1]).read()
