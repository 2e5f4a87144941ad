/* Allocates a little with jemalloc's background threads on (MALLOC_CONF=background_thread:true), then waits on a
 * pipe nobody writes: the background threads purge on their timer. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(void)
{
    for (int i = 0; i < 1000; i++)
        free(memset(malloc(64 * 1024), 1, 64 * 1024));
    int fds[2];
    char c;
    pipe(fds);
    read(fds[0], &c, 1);
    return 0;
}
