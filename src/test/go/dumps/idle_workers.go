// An idle worker pool: 4 workers wait for jobs on a channel nobody has sent to yet, a ticker sleeps between ticks,
// main waits for the workers to finish; dumped with SIGQUIT (the ticker's timer keeps the runtime from calling it a
// deadlock).
package main

import (
	"fmt"
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
	fmt.Println("ready")
	wg.Wait()
}
