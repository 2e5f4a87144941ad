/* A 50-thread server caught stuck: 40 pool workers parked on an empty queue, 4 flushers waiting for the cache
 * lock that a compactor holds while it sleeps inside its work, 4 readers blocked reading a pipe no one writes,
 * and the main thread joining the compactor. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static int queued;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static int pipe_fds[2];

static void *pool_worker(void *arg) {
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&queue_lock);
        while (queued == 0)
            pthread_cond_wait(&queue_ready, &queue_lock);
        queued--;
        pthread_mutex_unlock(&queue_lock);
    }
    return NULL;
}

static void compact_segment(int segment) {
    (void)segment;
    sleep(3600); /* stands for slow work done with the lock held */
}

static void *compactor(void *arg) {
    (void)arg;
    pthread_mutex_lock(&cache_lock);
    compact_segment(7);
    pthread_mutex_unlock(&cache_lock);
    return NULL;
}

static void flush_cache(void) {
    pthread_mutex_lock(&cache_lock);
    pthread_mutex_unlock(&cache_lock);
}

static void *flusher(void *arg) {
    (void)arg;
    for (;;) {
        flush_cache();
        usleep(1000);
    }
    return NULL;
}

static void read_request(char *buf, size_t len) {
    if (read(pipe_fds[0], buf, len) <= 0)
        perror("read");
}

static void *reader(void *arg) {
    char buf[64];
    (void)arg;
    for (;;)
        read_request(buf, sizeof buf);
    return NULL;
}

int main(void) {
    pthread_t t, compact;
    if (pipe(pipe_fds) != 0)
        return 1;
    for (int i = 0; i < 40; i++)
        pthread_create(&t, NULL, pool_worker, NULL);
    pthread_create(&compact, NULL, compactor, NULL);
    pthread_setname_np(compact, "compactor");
    usleep(100000);
    for (int i = 0; i < 4; i++) {
        pthread_create(&t, NULL, flusher, NULL);
        pthread_setname_np(t, "flusher");
    }
    for (int i = 0; i < 4; i++) {
        pthread_create(&t, NULL, reader, NULL);
        pthread_setname_np(t, "reader");
    }
    pthread_join(compact, NULL);
    return 0;
}
