/* Two threads hand a token to each other through a mutex and two condition variables as fast as they can: each is
 * almost always inside pthread_cond_wait at the top of its loop, yet together they keep a CPU busy. Their stacks look
 * idle; the kernel's CPU reading says otherwise. */
#define _GNU_SOURCE
#include <pthread.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn[2] = {PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER};
static int holder;
static void *player(void *arg)
{
    int me = (int)(long)arg;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (holder != me)
            pthread_cond_wait(&turn[me], &lock);
        holder = 1 - me;
        pthread_cond_signal(&turn[1 - me]);
    }
    return NULL;
}
int main(void)
{
    pthread_t t[2];
    for (long i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, player, (void *)i);
        pthread_setname_np(t[i], i == 0 ? "ping" : "pong");
    }
    pthread_join(t[0], NULL);
    return 0;
}
