// A Go program whose goroutines are stuck while its OS threads look idle: main holds a sync.Mutex and waits on
// a channel nobody sends to, one goroutine waits for the mutex, one sleeps for an hour (so the runtime does not
// report "all goroutines are asleep"), one reads a pipe nobody writes to (an OS thread blocked in read).
package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	never := make(chan int)
	r, _, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	mu.Lock()
	go func() {
		mu.Lock() // main holds it
		mu.Unlock()
	}()
	go func() {
		time.Sleep(time.Hour)
	}()
	go func() {
		buf := make([]byte, 1)
		r.Read(buf)
	}()
	fmt.Println("ready")
	<-never
}
