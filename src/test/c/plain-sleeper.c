/* Wakes every ten seconds to do a little housekeeping. */
#include <unistd.h>
static int ticks;
static void housekeeping(void) { ticks++; }
int main(void) { for (;;) { sleep(10); housekeeping(); } }
