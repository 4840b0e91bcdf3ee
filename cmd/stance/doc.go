// Command stance labels reader comments by stance and sentiment.
//
// Usage:
//
//	stance <command> [flags] [arguments]
//
// `stance help` lists the commands; `stance help <command>` describes each.
package main
