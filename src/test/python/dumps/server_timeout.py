"""A socketserver waiting for connections on its main thread; a thread sleeps. faulthandler's watchdog
(dump_traceback_later) prints every thread after a second and ends the process: what pytest's faulthandler_timeout
and many test runners do."""
import faulthandler
import socketserver
import threading
import time


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.readline())


threading.Thread(target=time.sleep, args=(3600,), name="sleeper", daemon=True).start()
faulthandler.dump_traceback_later(1, exit=True)
with socketserver.TCPServer(("127.0.0.1", 0), Echo) as server:
    server.serve_forever()
