package ukdate

import "testing"

func TestParse(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"31/12/2026", "2026-12-31"},
		{"31 12 2026", "2026-12-31"},
		{" 1/2/2027 ", "2027-02-01"},
		{"01-02-2027", "2027-02-01"},
		{"31.12.2026", "2026-12-31"},
		{"2026-12-31", "2026-12-31"},
		{"31 December 2026", "2026-12-31"},
		{"31 dec 2026", "2026-12-31"},
		{"29/02/2028", "2028-02-29"},
	} {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "31/12/26", "12/31/2026", "31/02/2026", "29/02/2027", "0/1/2026", "tomorrow", "31 Decimber 2026", "31/12/2026/1", "2026-13-01", "31 de 2026"} {
		if got, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %q, want an error", bad, got)
		}
	}
}

func TestLong(t *testing.T) {
	if got := Long("2026-12-31"); got != "31 December 2026" {
		t.Errorf("Long = %q", got)
	}
	if got := Long("not a date"); got != "not a date" {
		t.Errorf("Long of text = %q", got)
	}
}
