package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One row per frame shape that {@link GdbFrameLine} documents. Columns: line | index | address | function | args | file | line | library. */
class GdbFrameLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", quoteCharacter = '`', value = {
        // address, args, source
        "#0  0x00007f3aa0efc256 in __ppoll (fds=0x55d4c3a2b460, nfds=8, timeout=<optimized out>, sigmask=0x0) at ../sysdeps/unix/sysv/linux/ppoll.c:42"
            + "|0|0x00007f3aa0efc256|__ppoll|fds=0x55d4c3a2b460, nfds=8, timeout=<optimized out>, sigmask=0x0|../sysdeps/unix/sysv/linux/ppoll.c|42|NULL",
        // inlined: no address
        "#2  qemu_event_wait (ev=ev@entry=0x55d4c1b4a6e8 <rcu_call_ready_event>) at ../util/qemu-thread-posix.c:464"
            + "|2|NULL|qemu_event_wait|ev=ev@entry=0x55d4c1b4a6e8 <rcu_call_ready_event>|../util/qemu-thread-posix.c|464|NULL",
        // unknown function from a library
        "#3  0x00007f5c4259d760 in ?? () from /lib64/libc.so.6|3|0x00007f5c4259d760|??|``|NULL|0|/lib64/libc.so.6",
        // gdb 8+: a library printed after 'at'
        "#0  0x00007f38bb983295 in do_futex_wait () at /lib64/libpthread.so.0|0|0x00007f38bb983295|do_futex_wait|``|NULL|0|/lib64/libpthread.so.0",
        // nothing after the argument list
        "#9  0x000055d4c03e3a91 in _start ()|9|0x000055d4c03e3a91|_start|``|NULL|0|NULL",
        // gdb 13, stripped binary: an empty name
        "#4  0x00007f0876b25b56 in  ()|4|0x00007f0876b25b56|``|``|NULL|0|NULL",
        // target: prefixed library
        "#0  0x00007f549d0bdb0e in ppoll () from target:/lib64/libc.so.6|0|0x00007f549d0bdb0e|ppoll|``|NULL|0|target:/lib64/libc.so.6",
        // C++: templates with spaces, lambdas, operator()
        "#7  0x00005592acdad87d in std::_Function_handler<void(), Task<main()::<lambda()> >::run()::<lambda()> >::_M_invoke(const std::_Any_data &) (__functor=...) at /usr/include/c++/12/bits/std_function.h:290"
            + "|7|0x00005592acdad87d|std::_Function_handler<void(), Task<main()::<lambda()> >::run()::<lambda()> >::_M_invoke(const std::_Any_data &)|__functor=...|/usr/include/c++/12/bits/std_function.h|290|NULL",
        "#8  0x00005592acdae64c in std::function<void ()>::operator()() const (this=0x7fcef2a1cda0) at /usr/include/c++/12/bits/std_function.h:591"
            + "|8|0x00005592acdae64c|std::function<void ()>::operator()() const|this=0x7fcef2a1cda0|/usr/include/c++/12/bits/std_function.h|591|NULL",
        "#3  0x00005592acdad37c in operator() (__closure=0x7fcef2a1ce08) at a.cc:24|3|0x00005592acdad37c|operator()|__closure=0x7fcef2a1ce08|a.cc|24|NULL",
        "#2  0x00005592acdad5c6 in (anonymous namespace)::Reader::operator()<int> (this=0x1, m=std::map with 1 element = {...}) at r.cc:13"
            + "|2|0x00005592acdad5c6|(anonymous namespace)::Reader::operator()<int>|this=0x1, m=std::map with 1 element = {...}|r.cc|13|NULL",
        "#5  0x0000000000401234 in std::operator<< <std::char_traits<char> > (__out=..., __s=0x0) at ostream:611"
            + "|5|0x0000000000401234|std::operator<< <std::char_traits<char> >|__out=..., __s=0x0|ostream|611|NULL",
        "#1  0x0000000000401234 in foo::{lambda(int)#1}::operator()(int) const (this=0x1, x=2) at l.cc:7"
            + "|1|0x0000000000401234|foo::{lambda(int)#1}::operator()(int) const|this=0x1, x=2|l.cc|7|NULL",
        // Rust
        "#4  0x000055555555a1b2 in <alloc::boxed::Box<F,A> as core::ops::function::FnOnce<Args>>::call_once () at /rustc/library/alloc/src/boxed.rs:1985"
            + "|4|0x000055555555a1b2|<alloc::boxed::Box<F,A> as core::ops::function::FnOnce<Args>>::call_once|``|/rustc/library/alloc/src/boxed.rs|1985|NULL",
        "#6  0x000055555555b0c3 in std::sys::unix::thread::Thread::new::thread_start (main=0x5555) at library/std/src/sys/unix/thread.rs:108"
            + "|6|0x000055555555b0c3|std::sys::unix::thread::Thread::new::thread_start|main=0x5555|library/std/src/sys/unix/thread.rs|108|NULL",
        // strings holding brackets, quotes and char literals
        "#1  0x0000000000401234 in log (fmt=0x4 \"a) b\\\" (\", c=41 ')') at log.c:3|1|0x0000000000401234|log|fmt=0x4 \"a) b\\\" (\", c=41 ')'|log.c|3|NULL",
        // old gdb without an argument list
        "#6  0x00007f00 in start_thread from /lib/libpthread.so.0|6|0x00007f00|start_thread|NULL|NULL|0|/lib/libpthread.so.0",
        // a single space after the number, 32-bit address
        "#1 0x60052ac6 in tcg_temp_new_i32 (val=6) at tcg.h:442|1|0x60052ac6|tcg_temp_new_i32|val=6|tcg.h|442|NULL",
        // Windows paths
        "#3  0x00007ff6 in mttcg_cpu_thread_fn (arg=0x1) at C:/msys64/qemu/accel/tcg/tcg-accel-ops-mttcg.c:95"
            + "|3|0x00007ff6|mttcg_cpu_thread_fn|arg=0x1|C:/msys64/qemu/accel/tcg/tcg-accel-ops-mttcg.c|95|NULL",
        // a Python repr cut by its pretty-printer leaves brackets open; the location still ends the line
        "#33 0x0000003ecd66ebbd in function_call (func=<function at remote 0x1b3aa28>, arg=(<vmmAsyncJob(show=False, '<vm...(truncated), kw={}) at Objects/funcobject.c:524"
            + "|33|0x0000003ecd66ebbd|function_call|func=<function at remote 0x1b3aa28>, arg=(<vmmAsyncJob(show=False, '<vm...(truncated), kw={}|Objects/funcobject.c|524|NULL",
    })
    void splitsFrame(String text, int index, String address, String function, String args, String file, int line, String library) {
        GdbFrameLine f = new GdbFrameLine(new Interner());
        assertTrue(f.parse(text, 0), "parsed");
        assertTrue(f.complete, "complete");
        assertEquals(index, f.index);
        assertEquals(address, f.pcDigits == 0 ? null : "0x" + "0".repeat(Math.max(0, f.pcDigits - Long.toHexString(f.pc).length())) + Long.toHexString(f.pc));
        assertEquals(function, f.function);
        assertEquals(args, f.args);
        assertEquals(file, f.file);
        assertEquals(line, f.sourceLine);
        assertEquals(library, f.library);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "#1  0x0000aaaad998c9e8 in qemu_futex_wait (val=<optimized out>,",
        "#13 0x000055561021dbec in aio_bh_call (bh=0x5556112164b0) at",
        "#1  address_space_translate_for_iotlb",
        "#3  0x00007f",
        "#5  0x00007f3aa0f097dc in",
        "#2  foo (s=0x1 \"unterminated",
    })
    void waitsForMoreWhenWrapped(String text) {
        GdbFrameLine f = new GdbFrameLine(new Interner());
        assertTrue(f.parse(text, 0));
        assertFalse(f.complete, "a wrapped frame must wait for its continuation");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "#0  0x00007f9397ea365c __pthread_kill_implementation (libc.so.6 + 0xa365c)", // coredumpctl
        "#0  0x00007f60881fe5d7 raise",                                                 // eu-stack
        "#12abc",
        "#0  0xZZ in f ()",
    })
    void rejectsOtherShapes(String text) {
        assertFalse(new GdbFrameLine(new Interner()).parse(text, 0));
    }

    @org.junit.jupiter.api.Test
    void signalHandlerIsAFlagNotAName() {
        GdbFrameLine f = new GdbFrameLine(new Interner());
        assertTrue(f.parse("#13 <signal handler called>", 0));
        assertTrue(f.signalHandler);
        assertTrue(f.complete);
        assertEquals(0, f.pcDigits);
        assertEquals(13, f.index);
    }
}
