/* Two threads increment a counter without a lock: ThreadSanitizer's data race. */
#define _GNU_SOURCE
#include <pthread.h>
#include <unistd.h>

static int requests;

static __attribute__((noinline)) void count_request(void) { requests++; }

static void *worker(void *arg) { (void)arg; count_request(); return NULL; }

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return requests == 2 ? 0 : 1;
}
