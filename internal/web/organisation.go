package web

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Organisation is who runs the surveys: named on every respondent page,
// with a contact and a link to its privacy notice.
type Organisation struct {
	Name       string
	Contact    string // an email address, a telephone number or a few words
	PrivacyURL string
}

// ContactEmail says whether the contact is an email address, to link.
func (o Organisation) ContactEmail() bool {
	a, err := mail.ParseAddress(o.Contact)
	return err == nil && a.Address == o.Contact
}

// NewOrganisation checks the settings: short plain text, and a privacy
// notice at an http or https address.
func NewOrganisation(name, contact, privacyURL string) (Organisation, error) {
	o := Organisation{Name: strings.TrimSpace(name), Contact: strings.TrimSpace(contact), PrivacyURL: strings.TrimSpace(privacyURL)}
	for _, f := range []struct{ flag, value string }{{"--org-name", o.Name}, {"--org-contact", o.Contact}} {
		if !utf8.ValidString(f.value) || utf8.RuneCountInString(f.value) > 200 || strings.ContainsAny(f.value, "\r\n") {
			return Organisation{}, fmt.Errorf("%s must be one line of text of at most 200 characters", f.flag)
		}
	}
	if o.PrivacyURL != "" {
		u, err := url.Parse(o.PrivacyURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return Organisation{}, fmt.Errorf("--privacy-url must be a web address starting https:// (or http://), such as https://www.example.gov.uk/privacy, not %q", o.PrivacyURL)
		}
	}
	return o, nil
}
