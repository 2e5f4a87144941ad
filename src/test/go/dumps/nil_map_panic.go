// A goroutine writes to a map that was never made: the runtime panics ("assignment to entry in nil map") and prints
// every goroutine, the panicking one first.
package main

import "sync"

type cache struct {
	entries map[string]int
}

func (c *cache) store(key string, value int) {
	c.entries[key] = value
}

func main() {
	var wg sync.WaitGroup
	c := &cache{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.store("answer", 42)
	}()
	wg.Wait()
}
