#define _GNU_SOURCE
/* main joins "loader", which waits for a mutex that "starter" locked and never unlocked before it exited:
 * the holder is gone, so loader waits for ever, and main with it. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static void *starter(void *arg)
{
    pthread_mutex_lock(&cache_lock);
    return arg; /* exits with the lock held */
}

static __attribute__((noinline)) void load_cache(void)
{
    pthread_mutex_lock(&cache_lock);
    pthread_mutex_unlock(&cache_lock);
}

static void *loader(void *arg)
{
    usleep(100000);
    load_cache();
    return arg;
}

int main(void)
{
    pthread_t s, l;
    pthread_create(&s, NULL, starter, NULL);
    pthread_join(s, NULL);
    pthread_create(&l, NULL, loader, NULL);
    pthread_setname_np(l, "loader");
    printf("ready\n");
    fflush(stdout);
    pthread_join(l, NULL);
    return 0;
}
