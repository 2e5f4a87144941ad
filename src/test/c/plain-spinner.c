/* One thread computes without pause; the main thread joins it; a second helper sleeps. */
#include <pthread.h>
#include <unistd.h>
static volatile unsigned long acc;
static unsigned long step(unsigned long x) { return x * 6364136223846793005UL + 1442695040888963407UL; }
static void *compute(void *arg) { (void) arg; for (;;) acc = step(acc); return NULL; }
static void *ticker(void *arg) { (void) arg; for (;;) sleep(5); return NULL; }
int main(void) {
    pthread_t c, t;
    pthread_create(&c, NULL, compute, NULL);
    pthread_create(&t, NULL, ticker, NULL);
    pthread_join(c, NULL);
    return 0;
}
