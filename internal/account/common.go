package account

import (
	_ "embed"
	"strings"
	"sync"
)

// commonPasswords is a published list of the passwords that turn up most
// in leaks, lower case, one a line: the list zxcvbn-ts ships (see NOTICE
// beside this file for where it comes from and its licence).
//
//go:embed common_passwords.txt
var commonPasswords string

// commonSet is read from the list once, on the first password checked.
var commonSet = sync.OnceValue(func() map[string]struct{} {
	lines := strings.Split(strings.TrimSpace(commonPasswords), "\n")
	set := make(map[string]struct{}, len(lines))
	for _, p := range lines {
		set[p] = struct{}{}
	}
	return set
})

// isCommon reports whether a password is on the list, in any mix of case:
// "Password1234" is guessed as soon as "password1234".
func isCommon(password string) bool {
	_, ok := commonSet()[strings.ToLower(password)]
	return ok
}
