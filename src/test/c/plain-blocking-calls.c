/*
 * Threads blocked in the system calls programs wait in besides the usual ones: a file lock three ways (flock,
 * fcntl F_SETLKW, lockf) held by a child process that never lets go, a System V semaphore and message queue, a
 * POSIX message queue, a barrier that waits for two more threads, and sigsuspend; main joins the last. The
 * threads at the file locks and the barrier cannot go on: the process is hung. Usage: plain-blocking-calls DIR
 * (DIR holds the lock files).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <unistd.h>

static const char *dir;
static pthread_barrier_t phase_done;

static int open_lock_file(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return open(path, O_RDWR | O_CREAT, 0600);
}

static void *take_flock(void *arg) { flock(open_lock_file("flock"), LOCK_EX); return arg; }

static void *take_record_lock(void *arg) {
    struct flock whole = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    fcntl(open_lock_file("fcntl"), F_SETLKW, &whole);
    return arg;
}

static void *take_lockf(void *arg) { lockf(open_lock_file("lockf"), F_LOCK, 0); return arg; }

static void *take_semaphore(void *arg) {
    struct sembuf take = {0, -1, 0};
    semop(semget(IPC_PRIVATE, 1, 0600), &take, 1);
    return arg;
}

static void *receive_message(void *arg) {
    struct { long type; char text[16]; } m;
    msgrcv(msgget(IPC_PRIVATE, 0600), &m, sizeof m.text, 0, 0);
    return arg;
}

static void *receive_posix_message(void *arg) {
    struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 16};
    char name[64], text[16];
    snprintf(name, sizeof name, "/btexplain-test-%d", (int) getpid());
    mqd_t q = mq_open(name, O_RDONLY | O_CREAT, 0600, &attr);
    mq_unlink(name);
    mq_receive(q, text, sizeof text, 0);
    return arg;
}

static void *finish_phase(void *arg) { pthread_barrier_wait(&phase_done); return arg; }

static void *wait_for_signal(void *arg) {
    sigset_t none;
    sigemptyset(&none);
    sigsuspend(&none);
    return arg;
}

int main(int argc, char **argv) {
    dir = argc > 1 ? argv[1] : ".";
    if (fork() == 0) { /* the holder of the three file locks */
        struct flock whole = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
        flock(open_lock_file("flock"), LOCK_EX);
        fcntl(open_lock_file("fcntl"), F_SETLKW, &whole);
        lockf(open_lock_file("lockf"), F_LOCK, 0);
        pause();
        return 0;
    }
    sleep(1);
    pthread_barrier_init(&phase_done, NULL, 3);
    void *(*starts[])(void *) = {take_flock, take_record_lock, take_lockf, take_semaphore, receive_message,
                                 finish_phase, receive_posix_message, wait_for_signal};
    pthread_t t;
    for (unsigned i = 0; i < sizeof starts / sizeof *starts; i++) {
        pthread_create(&t, NULL, starts[i], NULL);
    }
    pthread_join(t, NULL);
    return 0;
}
