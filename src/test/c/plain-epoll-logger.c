#define _GNU_SOURCE
/* An epoll event loop on a listening socket and an eventfd, with a logger thread waiting on a condition variable. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t log_ready = PTHREAD_COND_INITIALIZER;
static int log_pending;

static void *logger_main(void *arg) {
    (void) arg;
    pthread_mutex_lock(&log_lock);
    for (;;) {
        while (!log_pending)
            pthread_cond_wait(&log_ready, &log_lock);
        log_pending = 0;
    }
    return NULL;
}

static void handle_event(int fd) { char b[64]; (void) read(fd, b, sizeof b); }

static void serve(int ep) {
    struct epoll_event ev[16];
    for (;;) {
        int n = epoll_wait(ep, ev, 16, -1);
        for (int i = 0; i < n; i++)
            handle_event(ev[i].data.fd);
    }
}

int main(void) {
    pthread_t logger;
    pthread_create(&logger, NULL, logger_main, NULL);
    pthread_setname_np(logger, "logger");
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(s, (struct sockaddr *) &a, sizeof a);
    listen(s, 8);
    int ep = epoll_create1(0), efd = eventfd(0, 0);
    struct epoll_event e = {.events = EPOLLIN, .data.fd = s};
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &e);
    e.data.fd = efd;
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e);
    serve(ep);
}
