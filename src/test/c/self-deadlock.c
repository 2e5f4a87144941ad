#define _GNU_SOURCE
/* A thread locks a default (non-recursive) mutex twice: "relocker" blocks for ever on the lock it holds.
 * "waiter" then blocks on the same mutex. main joins relocker. No other thread could release it. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static __attribute__((noinline)) void update_entry(void)
{
    pthread_mutex_lock(&table_lock); /* the caller already holds it */
    pthread_mutex_unlock(&table_lock);
}

static void *relocker(void *arg)
{
    pthread_mutex_lock(&table_lock);
    update_entry();
    pthread_mutex_unlock(&table_lock);
    return arg;
}

static void *waiter(void *arg)
{
    usleep(100000);
    pthread_mutex_lock(&table_lock);
    pthread_mutex_unlock(&table_lock);
    return arg;
}

int main(void)
{
    pthread_t r, w;
    pthread_create(&r, NULL, relocker, NULL);
    pthread_setname_np(r, "relocker");
    pthread_create(&w, NULL, waiter, NULL);
    pthread_setname_np(w, "waiter");
    printf("ready\n");
    fflush(stdout);
    pthread_join(r, NULL);
    return 0;
}
