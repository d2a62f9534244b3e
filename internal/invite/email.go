package invite

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

//go:embed templates/email.txt templates/email.html
var templates embed.FS

var (
	textEmail = texttemplate.Must(texttemplate.ParseFS(templates, "templates/email.txt"))
	htmlEmail = htmltemplate.Must(htmltemplate.ParseFS(templates, "templates/email.html"))
)

// Email is one message to one address, in plain text and HTML.
type Email struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// emailData is what the templates fill in.
type emailData struct {
	Organisation string
	WaveName     string
	Subject      string
	Paragraphs   []string
	Link         string
	Code         string
	ClosesOn     string
	Reminder     bool
}

// Compose writes the invitation, or a reminder, carrying code to address,
// from the wave's settings: its organisation, message and subject, the
// link, the closing date and the promise of anonymity, which no setting
// can take out.
func Compose(w *survey.Wave, s store.InvitationSettings, baseURL, address, code string, reminder bool) (Email, error) {
	d := emailData{
		Organisation: s.Organisation, WaveName: w.Name, Link: baseURL + "/s/" + code, Code: code, Reminder: reminder,
		Subject: s.Subject,
	}
	if d.Subject == "" {
		d.Subject = "Your invitation: " + w.Name
	}
	if reminder {
		d.Subject = "Reminder: " + d.Subject
	}
	for p := range strings.SplitSeq(strings.ReplaceAll(s.Message, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			d.Paragraphs = append(d.Paragraphs, p)
		}
	}
	if w.ClosesOn != "" {
		if day, err := time.Parse(survey.DateLayout, w.ClosesOn); err == nil {
			d.ClosesOn = day.Format("Monday 2 January 2006")
		}
	}
	var text, html bytes.Buffer
	if err := textEmail.Execute(&text, d); err != nil {
		return Email{}, err
	}
	if err := htmlEmail.Execute(&html, d); err != nil {
		return Email{}, err
	}
	return Email{To: address, Subject: d.Subject, Text: text.String(), HTML: html.String()}, nil
}
