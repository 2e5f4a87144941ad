/* A dispatcher hands short jobs to eight workers: together they use a third of a CPU, each well under a tenth, and
 * every thread spends most of its time at a wait (the dispatcher in poll, the workers on their condition variable).
 * gdb nearly always catches every stack at a wait, while /proc shows the process working: the work is on no stack. */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <time.h>

#define WORKERS 8
#define JOBS_PER_TICK 2
#define JOB_MICROSECONDS 150

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int queued;

static long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

static void run_job(void) {
    long end = now_us() + JOB_MICROSECONDS;
    while (now_us() < end) {
    }
}

static void *worker(void *arg) {
    (void) arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (queued == 0) {
            pthread_cond_wait(&ready, &lock);
        }
        queued--;
        pthread_mutex_unlock(&lock);
        run_job();
    }
    return NULL;
}

int main(void) {
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        pthread_create(&t[i], NULL, worker, NULL);
        pthread_setname_np(t[i], "worker");
    }
    for (;;) {
        poll(NULL, 0, 1);
        pthread_mutex_lock(&lock);
        if (queued < WORKERS) {
            queued += JOBS_PER_TICK;
        }
        pthread_cond_broadcast(&ready);
        pthread_mutex_unlock(&lock);
    }
}
