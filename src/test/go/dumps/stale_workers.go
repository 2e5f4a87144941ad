// The idle worker pool of idle_workers.go, after two garbage collections: a collection records since when each blocked
// goroutine waits (runtime/mgcmark.go: the time the previous collection ended, so from the second one on), and a dump
// taken a minute later says it ([chan receive, 1 minutes]), as it does in any program that allocates. Dumped with
// SIGQUIT after 65 seconds.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func worker(jobs <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for job := range jobs {
		fmt.Println(job)
	}
}

func ticker() {
	for {
		time.Sleep(time.Minute)
	}
}

func main() {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go worker(jobs, &wg)
	}
	go ticker()
	time.Sleep(100 * time.Millisecond) // the workers reach their receive
	runtime.GC()
	runtime.GC()
	fmt.Println("ready")
	wg.Wait()
}
