/* A GLib program as many are written: main runs a GMainLoop, a GThreadPool keeps idle workers, and two GThreads
 * take two GMutexes in opposite orders (an ABBA deadlock); a third GThread joins the first. */
#include <glib.h>
#include <stdio.h>

static GMutex config_lock;
static GMutex cache_lock;

static gpointer update_config(gpointer data)
{
    g_mutex_lock(&config_lock);
    g_usleep(200000);
    g_mutex_lock(&cache_lock); /* the other thread holds it and waits for config_lock */
    g_mutex_unlock(&cache_lock);
    g_mutex_unlock(&config_lock);
    return data;
}

static gpointer refresh_cache(gpointer data)
{
    g_mutex_lock(&cache_lock);
    g_usleep(200000);
    g_mutex_lock(&config_lock);
    g_mutex_unlock(&config_lock);
    g_mutex_unlock(&cache_lock);
    return data;
}

static gpointer reaper(gpointer data)
{
    return g_thread_join((GThread *) data);
}

static void run_job(gpointer job, gpointer user_data)
{
    (void) job;
    (void) user_data;
}

int main(void)
{
    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    GThreadPool *pool = g_thread_pool_new(run_job, NULL, 2, TRUE, NULL);
    g_thread_pool_push(pool, GINT_TO_POINTER(1), NULL);
    g_thread_pool_push(pool, GINT_TO_POINTER(2), NULL);
    GThread *a = g_thread_new("config-updater", update_config, NULL);
    g_thread_new("cache-refresher", refresh_cache, NULL);
    g_thread_new("reaper", reaper, a);
    printf("ready\n");
    fflush(stdout);
    g_main_loop_run(loop);
    return 0;
}
