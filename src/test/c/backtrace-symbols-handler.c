/* A crash handler as servers have them: on SIGSEGV it prints what happened and glibc's backtrace_symbols_fd. */
#define _GNU_SOURCE
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_fatal(int sig)
{
    void *frames[32];
    fprintf(stderr, "server got signal %d ;\nAttempting backtrace:\n", sig);
    int n = backtrace(frames, 32);
    backtrace_symbols_fd(frames, n, STDERR_FILENO);
    _exit(128 + sig);
}

__attribute__((noinline)) int parse_config(const char *line) { return ((const char *)0)[strlen(line)]; }

int main(void)
{
    signal(SIGSEGV, on_fatal);
    return parse_config("port = 3306");
}
