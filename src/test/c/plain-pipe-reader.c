/* Reads lines from a pipe (its stdin) and counts them. */
#include <stdio.h>
#include <unistd.h>
static long lines;
static void consume(const char *b, ssize_t n) { for (ssize_t i = 0; i < n; i++) lines += b[i] == '\n'; }
static void read_loop(int fd) {
    char b[4096];
    ssize_t n;
    while ((n = read(fd, b, sizeof b)) > 0)
        consume(b, n);
}
int main(void) { read_loop(0); printf("%ld\n", lines); return 0; }
