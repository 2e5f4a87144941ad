/* A shared GLib thread pool whose three workers finished their tasks: after half a second idle each moves to GLib's
 * global queue of unused threads and waits there (g_thread_pool_wait_for_new_pool, up to max_idle_time, 15 s by
 * default). The main thread runs a GMainLoop. Used by src/test/resources/captures/glib/make-captures.sh. */
#include <glib.h>

static void task(gpointer data, gpointer user_data) {
    (void) data;
    (void) user_data;
    g_usleep(50 * 1000);
}

int main(void) {
    GThreadPool *pool = g_thread_pool_new(task, NULL, 3, FALSE, NULL);
    for (int i = 1; i <= 3; i++) {
        g_thread_pool_push(pool, GINT_TO_POINTER(i), NULL);
    }
    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    g_main_loop_run(loop);
    return 0;
}
