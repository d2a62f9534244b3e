package progress

import (
	"bytes"
	"strings"
	"testing"
)

func TestSecretTextRoundTrip(t *testing.T) {
	s := NewSecret()
	text := s.String()
	if len(text) != 29 || strings.Count(text, "-") != 5 {
		t.Fatalf("secret written as %q, want six groups of four", text)
	}
	for _, typed := range []string{text, strings.ToLower(text), strings.ReplaceAll(text, "-", " "), strings.ReplaceAll(text, "-", "")} {
		got, err := ParseSecret(typed)
		if err != nil || got != s {
			t.Errorf("ParseSecret(%q) = %v, %v", typed, got, err)
		}
	}
	for _, bad := range []string{"", "ABCD", text + "A", text[:len(text)-1], strings.Replace(text, text[:1], "U", 1), "é" + text[1:]} {
		if _, err := ParseSecret(bad); err == nil {
			t.Errorf("ParseSecret(%q) took a code that is not one", bad)
		}
	}
}

func TestSealOpens(t *testing.T) {
	s := NewSecret()
	plain := []byte(`{"q.team":["north"]}`)
	sealed := seal(t, s, plain)
	got, err := s.Open(sealed)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if bytes.Contains(sealed, []byte("north")) {
		t.Error("the sealed bytes hold the answer in the clear")
	}
	if again := seal(t, s, plain); bytes.Equal(again, sealed) {
		t.Error("sealing twice gave the same bytes: the nonce is not fresh")
	}
	if _, err := NewSecret().Open(sealed); err != ErrCannotOpen {
		t.Errorf("another secret opened the answers: %v", err)
	}
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	if _, err := s.Open(tampered); err != ErrCannotOpen {
		t.Errorf("changed bytes opened: %v", err)
	}
	if _, err := s.Open(sealed[:5]); err != ErrCannotOpen {
		t.Errorf("a short blob opened: %v", err)
	}
}

// The length of the sealed answers must not say how many were given.
func TestSealedLengthSaysNothing(t *testing.T) {
	s := NewSecret()
	few, many := seal(t, s, []byte("{}")), seal(t, s, bytes.Repeat([]byte("x"), 12000))
	if len(few) != len(many) {
		t.Errorf("sealed lengths %d and %d differ", len(few), len(many))
	}
}

func TestIDIsNotTheKey(t *testing.T) {
	s := NewSecret()
	if len(s.ID()) != 16 {
		t.Errorf("the id %x is not 16 bytes", s.ID())
	}
	if bytes.Equal(s.ID(), NewSecret().ID()) {
		t.Error("two secrets share an id")
	}
}

func seal(t *testing.T, s Secret, plain []byte) []byte {
	t.Helper()
	sealed, err := s.Seal(plain)
	if err != nil {
		t.Fatal(err)
	}
	return sealed
}
