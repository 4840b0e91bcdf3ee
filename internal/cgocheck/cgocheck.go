package cgocheck

import (
	"os"
	"strings"
	"syscall"
)

// Setting is the GODEBUG entry golearn's training needs.
const Setting = "cgocheck=0"

// Off reports whether the process was started with GODEBUG holding
// cgocheck=0, the last cgocheck entry winning as in the runtime.
func Off() bool {
	return off(os.Getenv("GODEBUG"))
}

func off(godebug string) bool {
	last := ""
	for _, kv := range strings.Split(godebug, ",") {
		if strings.HasPrefix(strings.TrimSpace(kv), "cgocheck=") {
			last = strings.TrimSpace(kv)
		}
	}
	return last == Setting
}

// Ensure replaces the running process with a copy of itself started with
// cgocheck=0 appended to GODEBUG, unless it already runs that way. It
// returns only when nothing needed doing or when the re-exec failed; the
// caller then goes on, and training reports the missing setting itself.
// Call it first thing in main or TestMain, before any goroutine starts.
func Ensure() error {
	if Off() {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	godebug := os.Getenv("GODEBUG")
	if godebug != "" {
		godebug += ","
	}
	env := []string{"GODEBUG=" + godebug + Setting}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GODEBUG=") {
			env = append(env, kv)
		}
	}
	return syscall.Exec(exe, os.Args, env)
}
