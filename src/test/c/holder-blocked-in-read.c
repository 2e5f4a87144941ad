/* One thread takes config_lock and then blocks in read() on a pipe nobody writes; three workers wait for the lock. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static int fds[2];

static __attribute__((noinline)) void reload_config(void)
{
    char buf[64];
    pthread_mutex_lock(&config_lock);
    read(fds[0], buf, sizeof buf); /* blocks for ever, with the lock held */
    pthread_mutex_unlock(&config_lock);
}

static void *reloader(void *arg) { (void)arg; reload_config(); return NULL; }

static __attribute__((noinline)) int read_setting(void)
{
    pthread_mutex_lock(&config_lock);
    pthread_mutex_unlock(&config_lock);
    return 0;
}

static void *worker(void *arg) { (void)arg; usleep(100 * 1000); return (void *)(long)read_setting(); }

int main(void)
{
    pthread_t r, w[3];
    char name[16];
    pipe(fds);
    pthread_create(&r, NULL, reloader, NULL);
    pthread_setname_np(r, "reloader");
    for (int i = 0; i < 3; i++) {
        pthread_create(&w[i], NULL, worker, NULL);
        snprintf(name, sizeof name, "worker-%d", i);
        pthread_setname_np(w[i], name);
    }
    pthread_join(r, NULL);
    return 0;
}
