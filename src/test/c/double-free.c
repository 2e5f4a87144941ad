/* The main thread frees a buffer twice: glibc detects it, prints why and aborts (malloc_printerr). */
#include <stdlib.h>
#include <string.h>

static __attribute__((noinline)) void release(char *p) { free(p); }

int main(void)
{
    char *p = malloc(32);
    strcpy(p, "session");
    release(p);
    release(p);
    return 0;
}
