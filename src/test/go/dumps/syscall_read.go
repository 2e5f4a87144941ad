// A goroutine blocked in a read(2) on a pipe nobody writes, made with syscall.Pipe (a blocking descriptor, so the
// goroutine holds its thread in the system call: [syscall] in the runtime's dump, on an M), while main waits for it.
package main

import (
	"fmt"
	"syscall"
)

func reader(fd int, done chan<- int) {
	buf := make([]byte, 16)
	n, _ := syscall.Read(fd, buf)
	done <- n
}

func main() {
	var p [2]int
	if err := syscall.Pipe(p[:]); err != nil {
		panic(err)
	}
	done := make(chan int)
	go reader(p[0], done)
	fmt.Println("ready")
	<-done
}
