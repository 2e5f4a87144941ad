// main waits for a result on a channel that the only worker never sends on (it returns early): every goroutine is
// blocked, and the runtime ends the program with "fatal error: all goroutines are asleep - deadlock!".
package main

import "fmt"

func worker(results chan<- int, skip bool) {
	if skip {
		return // the bug: no result on this path
	}
	results <- 42
}

func main() {
	results := make(chan int)
	go worker(results, true)
	fmt.Println(<-results)
}
