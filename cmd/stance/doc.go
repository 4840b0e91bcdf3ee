// Command stance labels reader comments by stance and sentiment.
//
// Usage:
//
//	stance <command> [flags] [arguments]
//
// `stance help` lists the commands; `stance help <command>` describes each,
// as `stance <command> -h` does, both on standard output. `stance version`
// (or -version) names the build, the Go release and the model file format.
//
// Flags may come before or after the file arguments (stance label in.csv
// -o out.csv); "--" ends them, so a file named like a flag follows it. A
// true/false flag takes its value after "=" (-nb=false): -nb false is
// refused with that fix, as false would otherwise be read as a file. A
// mistyped command or flag gets a short error with the names it is near.
package main
