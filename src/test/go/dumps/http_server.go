// An idle HTTP server: main accepts connections in net/http, no request has come; dumped with SIGQUIT.
package main

import (
	"fmt"
	"net/http"
	"sync"
)

var mu sync.Mutex
var hits int

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		fmt.Fprintln(w, hits)
	})
	fmt.Println("ready")
	http.ListenAndServe("127.0.0.1:18123", nil)
}
