package annotate

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// MinTokenBits is the least entropy CheckToken accepts in a token: 128
// bits, which no one guesses, even unthrottled.
const MinTokenBits = 128

// TokenFile is the file in a store directory that holds the token
// generated for a server listening beyond the loopback without one.
const TokenFile = "token"

// tokenChars are the characters a token may hold: those that survive a
// URL query, a cookie and a header unescaped (base64url and hex fit).
const tokenChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

// CheckToken refuses a token that is empty, holds characters outside
// letters, digits and "-._~", or whose entropy may be under MinTokenBits.
// The entropy of a string cannot be measured, only bounded from above:
// len × log2(A), where A is the size of the character classes it uses
// (26 lower case, 26 upper case, 10 digits, 4 others) must reach
// MinTokenBits, so 22 random base64url characters or 32 hex digits are
// the least that passes. Strings that are plainly not random are refused
// too: fewer than 8 distinct characters, a pattern repeated, or mostly
// runs such as "aaaa" or "abcd" or "1234".
func CheckToken(tok string) error {
	if tok == "" {
		return errors.New("the token is empty")
	}
	var lower, upper, digit, other bool
	distinct := map[rune]bool{}
	for _, r := range tok {
		if !strings.ContainsRune(tokenChars, r) {
			return fmt.Errorf("the token holds %q: use letters, digits and - . _ ~ only (a hex or base64url string)", r)
		}
		distinct[r] = true
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		default:
			other = true
		}
	}
	alphabet := 0
	for _, c := range []struct {
		in bool
		n  int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {other, 4}} {
		if c.in {
			alphabet += c.n
		}
	}
	short := fmt.Sprintf("the token is too weak: at least %d bits of randomness are needed, such as 32 random hex digits (openssl rand -hex 16) or 22 base64url characters", MinTokenBits)
	if bits := float64(len(tok)) * math.Log2(float64(alphabet)); bits < MinTokenBits {
		return fmt.Errorf("%s; this one has at most %.0f bits", short, bits)
	}
	if len(distinct) < 8 {
		return fmt.Errorf("%s; this one uses only %d different characters", short, len(distinct))
	}
	for p := 1; p <= len(tok)/2; p++ {
		if strings.Repeat(tok[:p], len(tok)/p+1)[:len(tok)] == tok {
			return fmt.Errorf("%s; this one repeats %q", short, tok[:p])
		}
	}
	runs := 0
	for i := 1; i < len(tok); i++ {
		if d := int(tok[i]) - int(tok[i-1]); d >= -1 && d <= 1 {
			runs++
		}
	}
	if runs*2 >= len(tok) {
		return fmt.Errorf("%s; this one is mostly runs of equal or consecutive characters", short)
	}
	return nil
}

// StoreToken returns the token kept in dir's TokenFile, creating the
// directory and a new random token, readable by its owner only, when
// there is none; created says which. Keeping it across restarts keeps the
// annotators' browsers signed in.
func StoreToken(dir string) (tok, path string, created bool, err error) {
	path = filepath.Join(dir, TokenFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		tok = strings.TrimSpace(string(b))
		if err := CheckToken(tok); err != nil {
			return "", path, false, fmt.Errorf("%s: %w (delete the file for a new one)", path, err)
		}
		return tok, path, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return "", path, false, fmt.Errorf("reading the token: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", path, false, fmt.Errorf("creating store: %w", err)
	}
	if tok, err = NewToken(); err != nil {
		return "", path, false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", path, false, fmt.Errorf("writing the token: %w", err)
	}
	_, err = f.WriteString(tok + "\n")
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", path, false, fmt.Errorf("writing the token: %w", err)
	}
	return tok, path, true, nil
}
