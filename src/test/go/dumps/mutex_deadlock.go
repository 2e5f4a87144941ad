// Two goroutines take two sync.Mutexes in opposite orders (ABBA) and main waits for both on a WaitGroup: every
// goroutine is blocked, and the runtime reports the deadlock.
package main

import (
	"sync"
	"time"
)

var accounts, audit sync.Mutex

func transfer(first, second *sync.Mutex, wg *sync.WaitGroup) {
	defer wg.Done()
	first.Lock()
	time.Sleep(100 * time.Millisecond)
	second.Lock()
	second.Unlock()
	first.Unlock()
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go transfer(&accounts, &audit, &wg)
	go transfer(&audit, &accounts, &wg)
	wg.Wait()
}
