/* Two threads take the same two mutexes in opposite order (ABBA): each holds one and waits for the other. */
#define _GNU_SOURCE
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;

static __attribute__((noinline)) void transfer(pthread_mutex_t *first, pthread_mutex_t *second)
{
    pthread_mutex_lock(first);
    usleep(100 * 1000); /* let the other thread take its first lock */
    pthread_mutex_lock(second);
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
}

static void *a_then_b(void *arg) { (void)arg; transfer(&lock_a, &lock_b); return NULL; }
static void *b_then_a(void *arg) { (void)arg; transfer(&lock_b, &lock_a); return NULL; }

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, a_then_b, NULL);
    pthread_setname_np(t1, "a-then-b");
    pthread_create(&t2, NULL, b_then_a, NULL);
    pthread_setname_np(t2, "b-then-a");
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    return 0;
}
