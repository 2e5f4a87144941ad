// C++ names gdb prints with templates, operators, lambdas and anonymous namespaces; the thread blocks in read().
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <unistd.h>

namespace {
int fds[2];
struct Reader {
    template <typename T> long operator()(const std::map<std::string, T> &m) const {
        char c;
        return read(fds[0], &c, 1) + (long)m.size();
    }
};
}

template <typename F> struct Task { F f; void run() { std::function<void()> g = [this] { f(); }; g(); } };

int main()
{
    if (pipe(fds) != 0) return 1;
    std::map<std::string, int> m{{"a", 1}};
    auto work = [&m] { Reader r; r(m); };
    std::thread t([&work] { Task<decltype(work)> task{work}; task.run(); });
    t.join();
}
