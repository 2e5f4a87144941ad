// Package helper is another package on the panicking goroutine's stack.
package helper

// Run calls f, so that a package other than main is on the stack between main and the panic.
func Run(f func()) {
	call(f)
}

func call(f func()) {
	f()
}
