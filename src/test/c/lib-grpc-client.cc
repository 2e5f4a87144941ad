// Calls Echo.Say N times on M threads (load, or calls that hang on a stuck server).
#include <grpcpp/grpcpp.h>
#include <thread>
#include <vector>
#include "lib-grpc-echo.grpc.pb.h"
int main(int argc, char **argv) {
    std::string target = "127.0.0.1:" + std::string(argc > 1 ? argv[1] : "50051");
    int threads = argc > 2 ? atoi(argv[2]) : 4, calls = argc > 3 ? atoi(argv[3]) : 1000000;
    auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; t++) pool.emplace_back([&] {
        auto stub = demo::Echo::NewStub(channel);
        for (int i = 0; i < calls; i++) { grpc::ClientContext c; demo::Msg in, out; in.set_text("hi"); stub->Say(&c, in, &out); }
    });
    for (auto &t : pool) t.join();
}
