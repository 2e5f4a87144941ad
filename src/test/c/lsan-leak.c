/* A buffer allocated for each request and never freed: LeakSanitizer's report at exit. */
#include <stdlib.h>
#include <string.h>

static void *last;

static __attribute__((noinline)) char *copy_request(const char *text)
{
    char *copy = malloc(strlen(text) + 1);
    strcpy(copy, text);
    return copy;
}

int main(void)
{
    for (int i = 0; i < 3; i++) {
        last = copy_request("GET /");
    }
    last = NULL;
    return 0;
}
