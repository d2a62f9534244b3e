package web

import (
	"errors"
	"net/url"
	"strings"
)

// ParseBaseURL checks the address staff reach Sayso at, from which the
// links in invitations are built: http or https, a host, and nothing after
// it but an optional "/" (Sayso is served from the root of its address).
// It returns the address without the slash, ready for "/s/CODE".
func ParseBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", errors.New("it is not a URL; write it like https://survey.example.gov.uk")
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("it must start with https:// (or http://), like https://survey.example.gov.uk")
	case u.Hostname() == "":
		return "", errors.New("it names no host; write it like https://survey.example.gov.uk")
	case u.User != nil:
		return "", errors.New("it must carry no user name or password")
	case strings.ContainsAny(raw, "?#"):
		return "", errors.New("it must have no query (?) or fragment (#)")
	case u.Path != "" && u.Path != "/":
		return "", errors.New("it must have no path: Sayso answers at the root of its address")
	}
	return u.Scheme + "://" + u.Host, nil
}
