package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/sayso/sayso/internal/store"
)

// TestSIGTERMFinishesSubmissionsInFlight starts a submission, stops the
// server with SIGTERM while the handler is waiting for the rest of the
// body, then sends it: the submission must still get its 201, be stored,
// and the server must exit cleanly.
func TestSIGTERMFinishesSubmissionsInFlight(t *testing.T) {
	db, waveID, link := openTestWave(t)
	server := startServer(t, db, "127.0.0.1:0")
	conn, err := net.Dial("tcp", strings.TrimPrefix(server.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const comment = "sent while the server was stopping"
	body := `{"code": "` + link + `", "answers": {"workload-manageable": 4, "satisfaction": 7, "works-well": "` + comment + `"}}`
	fmt.Fprintf(conn, "POST /api/v1/responses HTTP/1.1\r\nHost: sayso\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", len(body))
	reader := bufio.NewReader(conn)
	// The server asks for the body only when the handler starts reading
	// it: from here on the submission is in flight.
	if line, err := reader.ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
		t.Fatalf("waiting for 100 Continue: %q %v", line, err)
	}
	if blank, err := reader.ReadString('\n'); err != nil || blank != "\r\n" {
		t.Fatalf("after 100 Continue: %q %v", blank, err)
	}
	if err := server.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	server.waitForLog(t, "shutting down")
	if _, err := conn.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(reader, nil)
	if err != nil {
		t.Fatalf("no answer to the submission in flight: %v\n%s", err, server.logs)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Errorf("the submission in flight got %d, want 201", res.StatusCode)
	}
	if err := server.wait(t); err != nil {
		t.Errorf("the server's exit: %v\n%s", err, server.logs)
	}

	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	found := 0
	n, err := st.ReadResponses(ctx, waveID, func(data []byte) error {
		if strings.Contains(string(data), comment) {
			found++
		}
		return nil
	})
	if err != nil || n != 1 || found != 1 {
		t.Errorf("%d responses stored (%v), %d of them the one in flight; want just it", n, err, found)
	}
}
