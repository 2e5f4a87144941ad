// A gRPC synchronous server on loopback. argv[1]: "idle"; "stuck" (every call waits for a peer that never answers:
// the handler blocks in recv on a socket whose other end only reads); "crash" (the first call dereferences null).
#include <grpcpp/grpcpp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <string>
#include "lib-grpc-echo.grpc.pb.h"

static std::string mode;
static int backend[2];

static void wait_backend_reply() { char b[64]; recv(backend[0], b, sizeof b, 0); }

class EchoService final : public demo::Echo::Service {
    grpc::Status Say(grpc::ServerContext *, const demo::Msg *in, demo::Msg *out) override {
        if (mode == "stuck") wait_backend_reply();
        if (mode == "crash") { volatile int *p = nullptr; *p = 1; }
        out->set_text(in->text());
        return grpc::Status::OK;
    }
};

int main(int argc, char **argv) {
    mode = argc > 1 ? argv[1] : "idle";
    std::string port = argc > 2 ? argv[2] : "50051";
    socketpair(AF_UNIX, SOCK_STREAM, 0, backend);
    EchoService service;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:" + port, grpc::InsecureServerCredentials());
    builder.RegisterService(&service);
    std::unique_ptr<grpc::Server> server(builder.BuildAndStart());
    server->Wait();
}
