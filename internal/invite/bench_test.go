package invite

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkAddList stores a staff list of 5,000 addresses, as an upload does.
func BenchmarkAddList(b *testing.B) {
	var list strings.Builder
	list.WriteString("email\n")
	for i := range 5000 {
		fmt.Fprintf(&list, "member.of.staff.%04d@council.example.gov.uk\n", i)
	}
	for b.Loop() {
		b.StopTimer()
		f := newFixture(b, "")
		b.StartTimer()
		if _, err := f.service.AddList(context.Background(), "admin", f.wave.ID, []byte(list.String())); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSendInvitation sends invitations through a local mail server
// with no pause between them: the cost of one, code, hash and SMTP included.
func BenchmarkSendInvitation(b *testing.B) {
	f := newFixture(b, "")
	f.service.cfg.Pace = time.Nanosecond
	var list strings.Builder
	for i := range b.N {
		fmt.Fprintf(&list, "member.of.staff.%06d@council.example.gov.uk\n", i)
	}
	if _, err := f.service.AddList(context.Background(), "admin", f.wave.ID, []byte(list.String())); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	run, err := f.service.SendInvitations(context.Background(), f.wave.ID)
	if err != nil || run.Sent != b.N {
		b.Fatalf("%v, %v", run, err)
	}
}
