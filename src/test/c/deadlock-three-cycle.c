#define _GNU_SOURCE
/* Three threads in a lock cycle: ring-N locks lock[N], then waits for lock[(N+1)%3], which ring-(N+1) holds.
 * main joins ring-0. Nobody owns more than one lock, and every owner waits: a deadlock of three. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock[3] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static pthread_barrier_t all_hold;

static void *ring(void *arg)
{
    long n = (long)arg;
    pthread_mutex_lock(&lock[n]);
    pthread_barrier_wait(&all_hold); /* every thread holds its own lock before any takes the next */
    pthread_mutex_lock(&lock[(n + 1) % 3]);
    pthread_mutex_unlock(&lock[(n + 1) % 3]);
    pthread_mutex_unlock(&lock[n]);
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    char name[16];
    pthread_barrier_init(&all_hold, NULL, 3);
    for (long n = 0; n < 3; n++) {
        pthread_create(&t[n], NULL, ring, (void *)n);
        snprintf(name, sizeof name, "ring-%ld", n);
        pthread_setname_np(t[n], name);
    }
    printf("ready\n");
    fflush(stdout);
    pthread_join(t[0], NULL);
    return 0;
}
