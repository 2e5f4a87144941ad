// A client hung on I/O: main asks a local server for a page with net/http, and the server accepts the connection and
// never answers. Prints "ready" before the request; SIGQUIT dumps every goroutine.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

func main() {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		conn, err := listener.Accept()
		if err == nil {
			time.Sleep(time.Hour) // keeps the connection open and never answers
			conn.Close()
		}
	}()
	fmt.Println("ready")
	resp, err := http.Get("http://" + listener.Addr().String() + "/status")
	if err == nil {
		io.Copy(io.Discard, resp.Body)
	}
}
