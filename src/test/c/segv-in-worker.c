#define _GNU_SOURCE
/* A worker thread dereferences a NULL pointer; run under gdb, which reports the signal and the stacks. */
#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

struct packet { int len; char *payload; };

static __attribute__((noinline)) int parse_header(struct packet *p) { return p->payload[0] + p->len; }

static void *worker_main(void *arg)
{
    struct packet *p = arg;
    return (void *)(long)parse_header(p);
}

int main(void)
{
    pthread_t t;
    struct packet bad = { 4, NULL };
    pthread_create(&t, NULL, worker_main, &bad);
    pthread_setname_np(t, "parser");
    pthread_join(t, NULL);
    return 0;
}
