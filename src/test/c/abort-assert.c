/* A thread fails an assert(): the message on stderr, SIGABRT, and glibc's abort path on its stack. */
#define _GNU_SOURCE
#include <assert.h>
#include <pthread.h>

struct queue { int length; int capacity; };

static __attribute__((noinline)) void check_queue(const struct queue *q)
{
    assert(q->length <= q->capacity);
}

static void *checker(void *arg) { check_queue(arg); return NULL; }

int main(void)
{
    struct queue q = { .length = 9, .capacity = 8 };
    pthread_t t;
    pthread_create(&t, NULL, checker, &q);
    pthread_setname_np(t, "checker");
    pthread_join(t, NULL);
    return 0;
}
