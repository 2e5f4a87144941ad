#define _GNU_SOURCE
/* A worker thread blocked in read() on a pipe nobody writes, with locals of several shapes (ints, a string,
 * a nested struct, an array) so that "thread apply all bt full" prints them, pretty-printed over several lines. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct request { int id; const char *path; struct { long sec; long nsec; } deadline; int flags[4]; };

static int fds[2];

static __attribute__((noinline)) ssize_t read_request(struct request *req, char *buf, size_t len)
{
    volatile int attempts = 3;
    ssize_t n = read(fds[0], buf, len);
    attempts--;
    return n + req->id + attempts;
}

static void *worker_main(void *arg)
{
    struct request req = { 7, "/var/lib/queue/item-7", { 1700000000, 5000 }, { 1, 2, 3, 4 } };
    char buf[64];
    memset(buf, 0, sizeof buf);
    read_request(&req, buf, sizeof buf);
    return arg;
}

int main(void)
{
    pthread_t t;
    if (pipe(fds) != 0) return 1;
    pthread_create(&t, NULL, worker_main, NULL);
    pthread_setname_np(t, "reader");
    printf("ready\n");
    fflush(stdout);
    pthread_join(t, NULL);
    return 0;
}
