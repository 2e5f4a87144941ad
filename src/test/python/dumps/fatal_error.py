"""The interpreter's own fatal error (Py_FatalError, as a broken extension would call it): faulthandler, enabled,
prints the thread's stack before the abort."""
import ctypes
import faulthandler

faulthandler.enable()
ctypes.pythonapi.Py_FatalError(b"extension state corrupted")
