package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/progress"
)

type resumeFormPage struct {
	layout
	Code   string
	Errors []summaryError
}

// surveyResumeForm takes a resume code typed by hand (GET /resume?code=),
// for a respondent who wrote it down rather than keep the link, and opens
// their saved answers as the link would.
func (s *Server) surveyResumeForm(c echo.Context) error {
	typed := strings.TrimSpace(c.QueryParam("code"))
	p := resumeFormPage{layout: layout{PageTitle: "Continue a survey you saved", Service: "Sayso"}, Code: typed}
	if _, asked := c.QueryParams()["code"]; !asked {
		return s.render(c, http.StatusOK, "resume", p)
	}
	message := "Enter your resume code"
	if typed != "" {
		if _, err := progress.ParseSecret(typed); err == nil {
			return s.resume(c, typed)
		}
		message = "Enter the resume code as it was given, 24 letters and numbers such as 7K2M-9QXD-4HPT-0RBW-1VNC-5ZJE"
	}
	p.HasErrors = true
	p.Errors = []summaryError{{Anchor: "code", Message: message}}
	return s.render(c, http.StatusUnprocessableEntity, "resume", p)
}
