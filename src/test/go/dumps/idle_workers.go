// An idle worker pool: 4 workers wait for jobs on a channel nobody has sent to yet, a ticker sleeps between ticks,
// main waits for the workers to finish; dumped with SIGQUIT (the ticker's timer keeps the runtime from calling it a
// deadlock). With the argument "collected", after two garbage collections: a collection records since when each
// blocked goroutine waits (runtime/mgcmark.go: the time the previous one ended, so from the second on), and a dump a
// minute later says it ([chan receive, 1 minutes]), as it does in any program that allocates.
package main

import (
	"fmt"
	"os"
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
	if len(os.Args) > 1 && os.Args[1] == "collected" {
		time.Sleep(100 * time.Millisecond) // the workers reach their receive
		runtime.GC()
		runtime.GC()
	}
	fmt.Println("ready")
	wg.Wait()
}
