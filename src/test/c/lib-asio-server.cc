// A Boost.Asio TCP echo server run by a pool of threads on one io_context.
// argv[1]: "idle" (serve), "deadlock" (two handlers take two mutexes in opposite order),
// "crash" (a handler dereferences a null pointer after the first connection), "spin" (each request computes for ever).
#include <boost/asio.hpp>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#include <unistd.h>

using boost::asio::ip::tcp;
static std::mutex accounts, audit;
static std::string mode;

static void transfer_then_audit() {
    std::lock_guard<std::mutex> a(accounts);
    usleep(200000);
    std::lock_guard<std::mutex> b(audit);
}
static void audit_then_transfer() {
    std::lock_guard<std::mutex> b(audit);
    usleep(200000);
    std::lock_guard<std::mutex> a(accounts);
}
static volatile unsigned long sink;
static void compute_forever() { for (unsigned long i = 0;; i++) sink = sink * 31 + i; }

class session : public std::enable_shared_from_this<session> {
public:
    explicit session(tcp::socket s) : socket_(std::move(s)) {}
    void start() { read(); }
private:
    void read() {
        auto self = shared_from_this();
        socket_.async_read_some(boost::asio::buffer(data_), [this, self](boost::system::error_code ec, std::size_t n) {
            if (ec) return;
            if (mode == "crash") { int *p = nullptr; *p = (int) n; }
            if (mode == "spin") compute_forever();
            boost::asio::async_write(socket_, boost::asio::buffer(data_, n),
                [this, self](boost::system::error_code ec2, std::size_t) { if (!ec2) read(); });
        });
    }
    tcp::socket socket_;
    char data_[1024];
};

static void accept_loop(tcp::acceptor &acceptor) {
    acceptor.async_accept([&acceptor](boost::system::error_code ec, tcp::socket s) {
        if (!ec) std::make_shared<session>(std::move(s))->start();
        accept_loop(acceptor);
    });
}

int main(int argc, char **argv) {
    mode = argc > 1 ? argv[1] : "idle";
    unsigned short port = argc > 2 ? (unsigned short) atoi(argv[2]) : 5555;
    boost::asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    accept_loop(acceptor);
    if (mode == "deadlock") {
        boost::asio::post(io, transfer_then_audit);
        boost::asio::post(io, audit_then_transfer);
    }
    std::vector<std::thread> pool;
    for (int i = 0; i < 3; i++) pool.emplace_back([&io] { io.run(); });
    io.run();
    for (auto &t : pool) t.join();
}
