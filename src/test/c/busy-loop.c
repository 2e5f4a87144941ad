/* A thread computes in a loop for ever (on a CPU), the main thread waits for it: busy, not hung. */
#define _GNU_SOURCE
#include <pthread.h>

static volatile unsigned long counter;

static __attribute__((noinline)) unsigned long step(unsigned long x) { return x * 6364136223846793005UL + 1; }

static void *spin(void *arg)
{
    (void)arg;
    for (;;) {
        counter = step(counter);
    }
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, spin, NULL);
    pthread_setname_np(t, "spinner");
    pthread_join(t, NULL);
    return 0;
}
