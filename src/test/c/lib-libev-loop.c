/* A libev program: an io watcher on a pipe nobody writes and a one-minute timer, run by ev_run. */
#include <ev.h>
#include <unistd.h>
static void on_input(struct ev_loop *loop, ev_io *w, int revents) { (void)loop; (void)w; (void)revents; }
static void on_tick(struct ev_loop *loop, ev_timer *w, int revents) { (void)loop; (void)w; (void)revents; }
int main(void)
{
    int fds[2];
    pipe(fds);
    struct ev_loop *loop = EV_DEFAULT;
    ev_io input;
    ev_timer tick;
    ev_io_init(&input, on_input, fds[0], EV_READ);
    ev_io_start(loop, &input);
    ev_timer_init(&tick, on_tick, 60., 60.);
    ev_timer_start(loop, &tick);
    ev_run(loop, 0);
    return 0;
}
