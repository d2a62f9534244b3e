package main

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseTrustedProxies(t *testing.T) {
	for _, c := range []struct {
		name, list, want, err string
	}{
		{"none", "", "[]", ""},
		{"one range", "10.0.0.0/8", "[10.0.0.0/8]", ""},
		{"ranges and addresses, spaced", " 10.1.2.3/8, 192.0.2.7 ,2001:db8::/32,::1", "[10.0.0.0/8 192.0.2.7/32 2001:db8::/32 ::1/128]", ""},
		{"an IPv4 address written as IPv6", "::ffff:192.0.2.7", "[192.0.2.7/32]", ""},
		{"a host name", "proxy.internal", "", `"proxy.internal" is neither an address`},
		{"a bad mask", "10.0.0.0/33", "", `"10.0.0.0/33" is neither`},
		{"an IPv4 range written as IPv6", "::ffff:10.0.0.0/104", "", "in IPv4 form"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseTrustedProxies(c.list)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("error %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil || fmt.Sprint(got) != c.want {
				t.Errorf("got %v %v, want %s", got, err, c.want)
			}
		})
	}
}

func TestServeRefusesBadTrustedProxies(t *testing.T) {
	status, _, errOut := sayso(t, "serve", "--trusted-proxies", "10.0.0.0/8,everyone", "--db", t.TempDir()+"/never.db")
	if status != 2 || !strings.Contains(errOut, `--trusted-proxies: "everyone"`) {
		t.Errorf("status %d, stderr %q", status, errOut)
	}
}
