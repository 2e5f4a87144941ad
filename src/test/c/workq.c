#define _GNU_SOURCE
/* A small work queue, the program of the worked example pack (docs/example-pack/workq): two workers wait for jobs on
 * a condition variable in take_job; main reads commands from a pipe in read_command. Nothing is queued, so every
 * thread waits where it waits when the program has nothing to do. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static int jobs;
static int commands[2];

static __attribute__((noinline)) int take_job(void)
{
    pthread_mutex_lock(&queue_lock);
    while (jobs == 0) {
        pthread_cond_wait(&queue_ready, &queue_lock);
    }
    jobs--;
    pthread_mutex_unlock(&queue_lock);
    return 1;
}

static void *worker_main(void *arg)
{
    for (;;) {
        take_job();
    }
    return arg;
}

static __attribute__((noinline)) int read_command(char *c)
{
    return (int)read(commands[0], c, 1);
}

int main(void)
{
    pthread_t w[2];
    char c;
    if (pipe(commands) != 0) return 1;
    for (int i = 0; i < 2; i++) {
        pthread_create(&w[i], NULL, worker_main, NULL);
        pthread_setname_np(w[i], "workq-worker");
    }
    printf("ready\n");
    fflush(stdout);
    while (read_command(&c) == 1) {
        pthread_mutex_lock(&queue_lock);
        jobs++;
        pthread_cond_signal(&queue_ready);
        pthread_mutex_unlock(&queue_lock);
    }
    return 0;
}
