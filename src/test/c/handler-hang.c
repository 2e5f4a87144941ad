/* A worker dereferences NULL; the program's SIGSEGV handler (SA_SIGINFO) then waits forever, as a crash reporter stuck on
 * a lock would: the process hangs inside its crash handler instead of dying. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

static void on_crash(int sig, siginfo_t *info, void *context) {
    (void)sig; (void)info; (void)context;
    for (;;)
        pause();
}

struct packet { int len; char *payload; };

static __attribute__((noinline)) int parse_header(struct packet *p) { return p->payload[0] + p->len; }

static void *worker_main(void *arg) {
    return (void *)(long)parse_header(arg);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_crash;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    pthread_t t;
    struct packet bad = { 4, NULL };
    pthread_create(&t, NULL, worker_main, &bad);
    pthread_setname_np(t, "parser");
    pthread_join(t, NULL);
    return 0;
}
