/* A thread blocked in read() under a function that takes a struct by value: with
 * "bt -frame-arguments all" gdb prints the whole struct (nested braces, a string) as the argument. */
#include <pthread.h>
#include <unistd.h>

struct job { int id; const char *name; struct { int lo, hi; } range; };

static int fds[2];

static __attribute__((noinline)) long wait_for(struct job j)
{
    char c;
    return read(fds[0], &c, 1) + j.id;
}

static void *worker(void *arg)
{
    struct job j = { 42, "scan (a) \"quoted\"", { 1, 9 } };
    return (void *)wait_for(j) + (long)arg;
}

int main(void)
{
    pthread_t t;
    if (pipe(fds) != 0) return 1;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    return 0;
}
