/* A worker hands a NULL string to a helper that calls strlen on it: the crash is in libc, the cause two frames out. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <string.h>

static __attribute__((noinline)) size_t title_length(const char *title, int padding) { return strlen(title) + padding; }

static void *render_worker(void *arg)
{
    const char *title = arg;
    return (void *)title_length(title, 2);
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, render_worker, NULL);
    pthread_setname_np(t, "renderer");
    pthread_join(t, NULL);
    return 0;
}
