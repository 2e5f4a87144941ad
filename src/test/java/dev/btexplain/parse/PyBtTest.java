package dev.btexplain.parse;

import static dev.btexplain.parse.ParseFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.btexplain.knowledge.DumpJoin;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.ThreadTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** py-bt's stacks in a gdb session (CPython's Tools/gdb/libpython.py): each thread's Python frames, joined with bt's. */
class PyBtTest {
    private static final Path CAPTURES = Path.of("src/test/resources/captures/py-bt");

    private static final String PY_BT = """
            Thread 2 (Thread 0x7fc44b6116c0 (LWP 9324) "python3.11"):
            Traceback (most recent call first):
              Waiting for the GIL
              <built-in method __enter__ of _thread.lock object at remote 0x7fc44b6c5dc0>
              (unable to read python frame information)
              File "/srv/app/app.py", line 17, in transfer
                with ledger:
              File "/usr/lib/python3.11/threading.py", line 982, in run
                self._target(*self._args, **self._kwargs)

            Thread 1 (Thread 0x7fc44c455b80 (LWP 9323) "python3.11"):
            Unable to locate python frame
            """;

    private static final String BT = """
            Thread 2 (Thread 0x7fc44b6116c0 (LWP 9324) "python3.11"):
            #0  0x00007fc44bcaedf9 in __new_sem_wait (sem=0x562ec413df70) at ./nptl/sem_wait.c:42
            #1  0x00007fc44bf035f2 in _PyEval_EvalFrameDefault (tstate=0x1, frame=0x2, throwflag=0) at Python/ceval.c:4422
            #2  0x00007fc44c0a8f57 in pythread_wrapper (arg=<optimized out>) at Python/thread_pthread.h:241

            Thread 1 (Thread 0x7fc44c455b80 (LWP 9323) "python3.11"):
            #0  0x00007fc44bcaedf9 in __new_sem_wait (sem=0x7fc444000b70) at ./nptl/sem_wait.c:42
            #1  0x00007fc44c0b9c60 in Py_RunMain () at Modules/main.c:680
            """;

    @Test
    void aThreadsPythonFramesAreItsRuntimesView() {
        Backtrace bt = text(PY_BT);
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        assertEquals(2L, bt.stats().skipped().get("source-echo"));
        ThreadTrace t = bt.threads().get(0);
        assertEquals("python", t.runtime().runtime());
        assertEquals(9324L, t.lwp());
        assertEquals("Waiting for the GIL", t.frames().get(0).function(), "py-bt's words for the frame that waits for the GIL");
        assertEquals("_thread.lock.__enter__", t.frames().get(1).function());
        assertEquals("??", t.frames().get(2).function());
        assertEquals("app.transfer", t.frames().get(3).function());
        assertEquals(17, t.frames().get(3).source().line());
        assertNull(t.frames().get(3).library(), "the program's own file");
        assertEquals("threading.run", t.frames().get(4).function());
        assertEquals("python3.11", t.frames().get(4).library());
        ThreadTrace main = bt.threads().get(1);
        assertEquals("python", main.runtime().runtime());
        assertEquals(0, main.frames().size(), "a thread that runs no Python code");
    }

    @Test
    void pyBtAndBtOfTheSameThreadsAreOneListingInEitherOrder() {
        for (String session : new String[] {PY_BT + "\n" + BT, BT + "\n" + PY_BT}) {
            Backtrace bt = DumpJoin.join(text(session), KnowledgeBase.builtIn());
            assertEquals(1, bt.snapshots().size());
            assertEquals(2, bt.threads().size(), bt.threads().toString());
            ThreadTrace t = bt.threads().stream().filter(x -> x.number() == 2).findFirst().orElseThrow();
            assertEquals("pthread", t.runtime().joined().by());
            assertEquals(java.util.List.of("__new_sem_wait", "Waiting for the GIL", "_thread.lock.__enter__", "??", "app.transfer",
                    "threading.run", "_PyEval_EvalFrameDefault", "pythread_wrapper"),
                    t.frames().stream().map(dev.btexplain.model.Frame::function).toList());
        }
    }

    @Test
    void aCapturesThreadsHaveTheirPythonFrames() throws Exception {
        Backtrace bt = text(Files.readString(CAPTURES.resolve("lock-deadlock-py311.txt")));
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        assertEquals(3, bt.threads().size());
        ThreadTrace audit = bt.threads().get(0);
        assertEquals("_thread.lock.__enter__", audit.frames().get(0).function());
        assertEquals("lock_deadlock.audit", audit.frames().get(1).function());
    }
}
