#define _GNU_SOURCE
/* A fixed pool of four workers taking jobs from a queue guarded by a mutex and a condition variable. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#define WORKERS 4
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_nonempty = PTHREAD_COND_INITIALIZER;
static int q_len;
static void run_job(void) { }
static void *pool_worker(void *arg) {
    (void) arg;
    for (;;) {
        pthread_mutex_lock(&q_lock);
        while (q_len == 0)
            pthread_cond_wait(&q_nonempty, &q_lock);
        q_len--;
        pthread_mutex_unlock(&q_lock);
        run_job();
    }
    return NULL;
}
int main(void) {
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        pthread_create(&t[i], NULL, pool_worker, NULL);
        char name[16];
        snprintf(name, sizeof name, "worker-%d", i);
        pthread_setname_np(t[i], name);
    }
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);
    return 0;
}
