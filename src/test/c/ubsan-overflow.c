/* A signed addition that overflows, and a shift past the width: UBSan's runtime errors, with their stacks. */
#include <limits.h>
#include <stdio.h>

static __attribute__((noinline)) int add_bonus(int score, int bonus) { return score + bonus; }

static __attribute__((noinline)) unsigned flag(int bit) { return 1u << bit; }

int main(int argc, char **argv)
{
    (void)argv;
    printf("%d %u\n", add_bonus(INT_MAX, argc), flag(31 + argc));
    return 0;
}
