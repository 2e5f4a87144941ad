/* A worker thread reads a buffer the main thread already freed: AddressSanitizer's heap-use-after-free. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static char *session;

static __attribute__((noinline)) int read_session(void) { return session[3]; }

static void *worker(void *arg) { (void)arg; return (void *)(long)read_session(); }

int main(void)
{
    pthread_t t;
    session = malloc(16);
    strcpy(session, "token");
    free(session);
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    return 0;
}
