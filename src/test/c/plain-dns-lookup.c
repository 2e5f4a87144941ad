/*
 * A thread looks a host name up with getaddrinfo while the only name server it is given (a UDP socket of the
 * process's own, on 127.0.0.1:5399) never answers; main joins it. The lookup waits for the name server: a request
 * in progress, not an idle wait.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <resolv.h>
#include <sys/socket.h>

static struct sockaddr_in silent_server = {.sin_family = AF_INET};

static void *look_up_backend(void *arg) {
    res_init(); /* the resolver's state is the thread's own: point it at the silent server, with long timeouts */
    _res.nsaddr_list[0] = silent_server;
    _res.nscount = 1;
    _res.retrans = 600;
    _res.retry = 5;
    struct addrinfo *found;
    getaddrinfo("backend.example.invalid.", "80", NULL, &found);
    return arg;
}

int main(void) {
    silent_server.sin_port = htons(5399);
    inet_pton(AF_INET, "127.0.0.1", &silent_server.sin_addr);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    bind(s, (struct sockaddr *) &silent_server, sizeof silent_server);
    pthread_t t;
    pthread_create(&t, NULL, look_up_backend, NULL);
    pthread_join(t, NULL);
    return 0;
}
