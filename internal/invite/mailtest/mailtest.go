// Package mailtest is a mail server for tests: go-smtp speaking the real
// protocol on a local port, keeping what it receives, and answering each
// address as a test tells it to (try again later, or refused).
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one email as received.
type Message struct {
	From, To string
	Subject  string
	Header   mail.Header
	Text     string
	HTML     string
	Raw      []byte
	// Encrypted says the message came over TLS.
	Encrypted bool
}

// Server is a running mail server.
type Server struct {
	Host string
	Port int

	mu       sync.Mutex
	messages []Message
	replies  map[string][]*smtp.SMTPError // per address, the replies to its next RCPT TOs
	attempts map[string]int
}

// Start starts a mail server until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, nil)
}

// StartTLS starts a mail server that offers STARTTLS with a certificate
// for 127.0.0.1 of its own, and returns the roots that trust it.
func StartTLS(t testing.TB) (*Server, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return start(t, &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}), roots
}

func start(t testing.TB, tlsConfig *tls.Config) *Server {
	s := &Server{replies: map[string][]*smtp.SMTPError{}, attempts: map[string]int{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{server: s, conn: c}, nil }))
	srv.Domain = "localhost"
	srv.TLSConfig = tlsConfig
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	s.Host = "127.0.0.1"
	s.Port = l.Addr().(*net.TCPAddr).Port
	return s
}

// Defer makes the next n deliveries to address answer 451, try again later.
func (s *Server) Defer(address string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.replies[address] = append(s.replies[address], &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"})
	}
}

// Refuse makes every delivery to address answer 550, no such user.
func (s *Server) Refuse(address string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies[address] = []*smtp.SMTPError{{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}}
}

// Accept makes deliveries to address succeed again.
func (s *Server) Accept(address string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.replies, address)
}

// Attempts counts the RCPT TOs an address was given.
func (s *Server) Attempts(address string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts[address]
}

// Messages returns what was received, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// To returns the messages received for one address.
func (s *Server) To(address string) []Message {
	var to []Message
	for _, m := range s.Messages() {
		if m.To == address {
			to = append(to, m)
		}
	}
	return to
}

type session struct {
	server *Server
	conn   *smtp.Conn
	from   string
	to     []string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	srv := s.server
	srv.mu.Lock()
	defer srv.mu.Unlock()
	srv.attempts[to]++
	if replies := srv.replies[to]; len(replies) > 0 {
		reply := replies[0]
		if reply.Code < 500 {
			srv.replies[to] = replies[1:]
		}
		return reply
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	for _, to := range s.to {
		m, err := parse(raw)
		if err != nil {
			return &smtp.SMTPError{Code: 554, Message: "unreadable message: " + err.Error()}
		}
		_, m.Encrypted = s.conn.TLSConnectionState()
		m.From, m.To = s.from, to
		s.server.mu.Lock()
		s.server.messages = append(s.server.messages, m)
		s.server.mu.Unlock()
	}
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// parse reads a message's subject and its plain and HTML parts.
func parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	m := Message{Header: msg.Header, Raw: raw}
	m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return m, err
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return m, err
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		return m, errors.New("not a multipart message: " + mediaType)
	}
	parts := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := parts.NextRawPart()
		if errors.Is(err, io.EOF) {
			return m, nil
		}
		if err != nil {
			return m, err
		}
		var body io.Reader = p
		switch strings.ToLower(p.Header.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			body = quotedprintable.NewReader(p)
		case "base64":
			return m, errors.New("base64 parts are not read")
		}
		b, err := io.ReadAll(body)
		if err != nil {
			return m, err
		}
		partType, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch partType {
		case "text/plain":
			m.Text = string(b)
		case "text/html":
			m.HTML = string(b)
		}
	}
}
