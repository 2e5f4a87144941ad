// Command kinds ends in one of the ways a Go program's goroutine dump can look, so that each layout is read:
// the kinds of panicparse's cmd/panic generator, written here for the Debian Go these captures are made with.
// Run: kinds KIND (GOTRACEBACK=all prints every goroutine; "race" needs go build -race).
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"

	"example.com/kinds/helper"
)

//go:noinline
func panicInt(n int) { panic(n) }

//go:noinline
func panicStrings(s []string) { panic(s) }

//go:noinline
func manyArgs(a, b, c, d, e, f, g, h, i, j, k int) { panic(a + k) }

//go:noinline
func descend(n int) {
	if n > 0 {
		descend(n - 1)
		return
	}
	panic("bottom")
}

func sleepers(n int, arg func() *int) {
	var started sync.WaitGroup
	for i := 0; i < n; i++ {
		started.Add(1)
		go func(p *int) {
			started.Done()
			time.Sleep(time.Hour)
		}(arg())
	}
	started.Wait()
}

var kinds = map[string]func(){
	"args-elided": func() { manyArgs(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11) },
	"chan-receive": func() {
		c := make(chan int)
		go func() { <-c; <-c }()
		c <- 1
		panicInt(1)
	},
	"chan-send": func() {
		c := make(chan int)
		go func() { c <- 1; c <- 2 }()
		<-c
		panicInt(2)
	},
	"goroutine-1": func() {
		go panicInt(3)
		time.Sleep(time.Minute)
	},
	"goroutine-100": func() {
		sleepers(100, func() *int { return nil })
		panicInt(4)
	},
	"goroutine-pointers": func() {
		sleepers(100, func() *int { return new(int) })
		panicInt(5)
	},
	"int": func() { panicInt(6) },
	"locked": func() {
		runtime.LockOSThread()
		panicInt(7)
	},
	"other-package": func() { helper.Run(func() { panic("from a callback") }) },
	"asleep": func() {
		var mu sync.Mutex
		mu.Lock()
		mu.Lock()
	},
	"race": func() {
		x := 0
		done := make(chan bool)
		go func() { x = 1; done <- true }()
		x = 2
		<-done
		if x > 2 {
			os.Exit(1)
		}
	},
	"stack-cut-off": func() { descend(120) },
	"slice": func() {
		s := make([]string, 1, 2)
		s[0] = "one"
		panicStrings(s)
	},
	"stdlib": func() {
		s := []string{"b", "a"}
		sort.Slice(s, func(i, j int) bool { panic("in a less function") })
	},
	"stdlib-and-other": func() {
		s := []string{"b", "a"}
		sort.Slice(s, func(i, j int) bool {
			helper.Run(func() { panic("in a callback of a less function") })
			return false
		})
	},
	"string": func() { panic("a message") },
	"nil-pointer": func() {
		var p *struct{ n int }
		fmt.Println(p.n)
	},
	"index": func() {
		s := []int{1, 2, 3}
		i := len(os.Args) + 3
		fmt.Println(s[i])
	},
}

func main() {
	if len(os.Args) != 2 || kinds[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: kinds KIND")
		os.Exit(2)
	}
	kinds[os.Args[1]]()
}
