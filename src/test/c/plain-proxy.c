/* A proxy whose workers forward each request to a backend and wait for its reply; the backend (a child process)
 * reads requests and never answers, as a stopped backend would. Main waits for new clients in epoll_wait. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#define WORKERS 3
static int backend[WORKERS];

static ssize_t wait_backend_reply(int fd, char *buf, size_t n) { return recv(fd, buf, n, 0); }

static void forward_to_backend(int fd, const char *request)
{
    char reply[256];
    send(fd, request, strlen(request), 0);
    wait_backend_reply(fd, reply, sizeof reply);
}

static void handle_client(int id) { forward_to_backend(backend[id], "GET /status\n"); }

static void *proxy_worker(void *arg) { handle_client((int)(long)arg); return NULL; }

static void backend_main(int *fds)
{
    char buf[256];
    for (int i = 0; i < WORKERS; i++)
        read(fds[i], buf, sizeof buf); /* takes the request, never answers */
    for (;;)
        pause();
}

int main(void)
{
    int theirs[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        int sv[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        backend[i] = sv[0];
        theirs[i] = sv[1];
    }
    if (fork() == 0) {
        backend_main(theirs);
        return 0;
    }
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        char name[16];
        pthread_create(&t[i], NULL, proxy_worker, (void *)(long)i);
        snprintf(name, sizeof name, "proxy-%d", i);
        pthread_setname_np(t[i], name);
    }
    int ep = epoll_create1(0);
    struct epoll_event ev[8];
    for (;;)
        epoll_wait(ep, ev, 8, -1);
}
