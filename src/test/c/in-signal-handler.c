/* The main thread is inside a SIGUSR1 handler (sleeping there), so its stack shows "<signal handler called>". */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; for (;;) pause(); }

int main(void)
{
    signal(SIGUSR1, on_usr1);
    printf("ready\n");
    fflush(stdout);
    for (;;) pause();
}
