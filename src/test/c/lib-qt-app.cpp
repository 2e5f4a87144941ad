// A Qt 5 console program: the main event loop with a timer, a worker QThread running its own event loop, and a
// QThreadPool whose threads wait for runnables. argv[1]: "idle"; "deadlock" (two QThreads take two QMutexes in
// opposite order); "crash" (a timer slot dereferences null).
#include <QCoreApplication>
#include <QMutex>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <cstring>
#include <unistd.h>

static QMutex accounts, ledger;
class Transfer : public QThread {
public:
    explicit Transfer(bool reverse) : reverse(reverse) {}
protected:
    void run() override {
        QMutex &first = reverse ? ledger : accounts, &second = reverse ? accounts : ledger;
        first.lock();
        usleep(200000);
        second.lock();
    }
private:
    bool reverse;
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const char *mode = argc > 1 ? argv[1] : "idle";
    QThread worker;
    worker.setObjectName("worker-loop");
    worker.start();
    QThreadPool::globalInstance()->setExpiryTimeout(-1);
    for (int i = 0; i < 2; i++)
        QThreadPool::globalInstance()->start([] {});
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [] {});
    tick.start(60000);
    if (strcmp(mode, "deadlock") == 0) {
        (new Transfer(false))->start();
        (new Transfer(true))->start();
    }
    if (strcmp(mode, "crash") == 0)
        QTimer::singleShot(500, [] { volatile int *p = nullptr; *p = 1; });
    return app.exec();
}
