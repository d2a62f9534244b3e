package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The real binary, built once for every test that runs it as a process.
var built struct {
	once      sync.Once
	dir, path string
	err       error
}

func TestMain(m *testing.M) {
	status := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(status)
}

func saysoBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "sayso-test-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "sayso")
		if out, err := exec.Command("go", "build", "-o", built.path, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serverProcess is `sayso serve` running as its own process.
type serverProcess struct {
	cmd    *exec.Cmd
	base   string
	logs   *lockedBuffer
	exited chan struct{}
	err    error // how it exited, once exited is closed
}

// startServer runs `sayso serve` on db at addr and waits until it listens.
func startServer(t *testing.T, db, addr string, extra ...string) *serverProcess {
	t.Helper()
	p := &serverProcess{logs: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(saysoBinary(t), append([]string{"serve", "--addr", addr, "--db", db}, extra...)...)
	p.cmd.Env = append(os.Environ(), "SAYSO_ADMIN_EMAIL=admin@example.org", "SAYSO_ADMIN_PASSWORD=a long test password", "SAYSO_SUBMIT_RATE=1000000")
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	p.base = readBaseURL(t, stdout)
	go io.Copy(io.Discard, stdout)
	return p
}

// stop sends sig and waits for the process to end.
func (p *serverProcess) stop(t *testing.T, sig syscall.Signal) error {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	return p.wait(t)
}

// wait waits for the process to end and says how it ended.
func (p *serverProcess) wait(t *testing.T) error {
	t.Helper()
	select {
	case <-p.exited:
		return p.err
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not stop:\n%s", p.logs)
	}
	return nil
}

// waitForLog waits until the server has logged a line holding text.
func (p *serverProcess) waitForLog(t *testing.T, text string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(p.logs.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the server never logged %q:\n%s", text, p.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// freeAddr is a local address nothing listens on, for a server that must
// come back on the same address after a restart.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
