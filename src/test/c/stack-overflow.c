/* Unbounded recursion: each call keeps a 1 KiB buffer on the stack until the stack guard page is hit (SIGSEGV). */
#include <string.h>

static __attribute__((noinline)) int descend(const char *path, int depth)
{
    char segment[1024];
    strncpy(segment, path, sizeof segment - 1);
    segment[sizeof segment - 1] = 0;
    return descend(segment, depth + 1) + segment[depth % 64];
}

int main(void) { return descend("/", 0); }
