/* A small job server, the program of the worked example of "btexplain learn" (docs/knowledge.md): a "dispatcher"
 * thread waits for connections in epoll_wait, three "jobs-N" workers wait for jobs on a condition variable in
 * next_job, a "flusher" wakes every second, and main joins the dispatcher.
 * argv[1]: "idle" (nothing to do); "stuck" (worker jobs-1 takes a job and blocks writing its result to a pipe nobody
 * reads, holding nothing); "busy" (worker jobs-2 computes for ever). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static int jobs;
static const char *mode = "idle";
static int results[2];
static volatile unsigned long sink;

static __attribute__((noinline)) void write_result(const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(results[1], buf, n); /* a pipe nobody reads: blocks once it is full */
        if (w <= 0)
            return;
        n -= (size_t)w;
    }
}

static __attribute__((noinline)) void run_job(int id)
{
    static char result[1 << 20];
    if (id == 1 && strcmp(mode, "stuck") == 0)
        write_result(result, sizeof result);
    if (id == 2 && strcmp(mode, "busy") == 0)
        for (unsigned long i = 0;; i++)
            sink = sink * 31 + i;
}

static __attribute__((noinline)) void next_job(void)
{
    pthread_mutex_lock(&queue_lock);
    while (jobs == 0)
        pthread_cond_wait(&queue_ready, &queue_lock);
    jobs--;
    pthread_mutex_unlock(&queue_lock);
}

static void *job_worker(void *arg)
{
    int id = (int)(long)arg;
    for (;;) {
        next_job();
        run_job(id);
    }
    return NULL;
}

static void *flusher(void *arg)
{
    (void)arg;
    for (;;)
        sleep(1);
    return NULL;
}

static __attribute__((noinline)) void dispatch_loop(int ep)
{
    struct epoll_event ev[8];
    for (;;)
        epoll_wait(ep, ev, 8, -1);
}

static void *dispatcher(void *arg)
{
    (void)arg;
    dispatch_loop(epoll_create1(0));
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t d, f, w[3];
    char name[16];
    mode = argc > 1 ? argv[1] : "idle";
    if (pipe(results) != 0)
        return 1;
    for (long i = 0; i < 3; i++) {
        pthread_create(&w[i], NULL, job_worker, (void *)i);
        snprintf(name, sizeof name, "jobs-%ld", i);
        pthread_setname_np(w[i], name);
    }
    pthread_create(&f, NULL, flusher, NULL);
    pthread_setname_np(f, "flusher");
    pthread_create(&d, NULL, dispatcher, NULL);
    pthread_setname_np(d, "dispatcher");
    if (strcmp(mode, "idle") != 0) {
        pthread_mutex_lock(&queue_lock);
        jobs = 3;
        pthread_cond_broadcast(&queue_ready);
        pthread_mutex_unlock(&queue_lock);
    }
    pthread_join(d, NULL);
    return 0;
}
