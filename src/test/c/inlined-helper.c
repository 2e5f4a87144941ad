/* A helper gcc must inline (always_inline) into a function it must not (noinline): gdb prints the helper's frame
 * with an address and the function it was inlined into without one. */
#include <unistd.h>

static inline __attribute__((always_inline)) void wait_for_signal(int n) { while (n) pause(); }
__attribute__((noinline)) void serve(int n) { wait_for_signal(n); }
int main(int argc, char **argv) { (void)argv; serve(argc); return 0; }
