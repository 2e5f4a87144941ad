/* A GLib main loop with a one-minute timeout source. */
#include <glib.h>
static gboolean tick(gpointer data) { (void) data; return G_SOURCE_CONTINUE; }
int main(void) {
    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    g_timeout_add_seconds(60, tick, NULL);
    g_main_loop_run(loop);
    return 0;
}
