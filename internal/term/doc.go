// Package term tells whether output goes to a terminal, where progress
// lines are welcome; pipes, files and buffers get none.
package term
