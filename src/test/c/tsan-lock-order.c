/* One thread takes accounts then audit, a later one audit then accounts: never at the same time, so the
   program ends, but ThreadSanitizer reports the lock-order inversion that could deadlock. */
#define _GNU_SOURCE
#include <pthread.h>

static pthread_mutex_t accounts = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t audit = PTHREAD_MUTEX_INITIALIZER;

static void *post(void *arg) { (void)arg; pthread_mutex_lock(&accounts); pthread_mutex_lock(&audit);
    pthread_mutex_unlock(&audit); pthread_mutex_unlock(&accounts); return NULL; }

static void *check(void *arg) { (void)arg; pthread_mutex_lock(&audit); pthread_mutex_lock(&accounts);
    pthread_mutex_unlock(&accounts); pthread_mutex_unlock(&audit); return NULL; }

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, post, NULL);
    pthread_join(t, NULL);
    pthread_create(&t, NULL, check, NULL);
    pthread_join(t, NULL);
    return 0;
}
