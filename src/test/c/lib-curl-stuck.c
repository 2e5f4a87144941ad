/* A client hung on I/O: main asks a local server for a page with libcurl, and the server (a thread of its own)
 * accepts the connection and never answers. Prints "ready" before the request. */
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int listener;

static void *silent_server(void *arg) {
    int conn = accept(listener, NULL, NULL);
    (void) arg;
    sleep(3600);
    close(conn);
    return NULL;
}

static int load_status(int port) {
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/status", port);
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    return rc;
}

int main(void) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    pthread_t t;
    listener = socket(AF_INET, SOCK_STREAM, 0);
    bind(listener, (struct sockaddr *) &a, sizeof a);
    listen(listener, 1);
    getsockname(listener, (struct sockaddr *) &a, &len);
    pthread_create(&t, NULL, silent_server, NULL);
    puts("ready");
    fflush(stdout);
    return load_status(ntohs(a.sin_port));
}
