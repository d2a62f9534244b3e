package demo

import "github.com/sayso/sayso/internal/action"

// What staff might say works well, and what they would change: general
// enough that no line could point to anyone.
var praise = []string{
	"My team is supportive and we look out for each other.",
	"Reflective supervision with my manager has really helped this year.",
	"The principal social worker is visible and listens.",
	"Good access to training, especially the trauma-informed practice course.",
	"Flexible working lets me manage my caseload and my family.",
	"The new duty rota means fewer late finishes.",
	"Practice forums are a good space to talk through difficult cases.",
	"Managers back our professional judgement.",
	"Peer support after difficult visits is much better than it was.",
	"The caseload cap has made a real difference.",
	"Students on placement bring energy and new ideas.",
	"Business support has taken some admin off us.",
}

var changes = []string{
	"Too much time on recording and duplicate forms.",
	"Caseloads are still too high to do direct work properly.",
	"Supervision gets cancelled when the team is busy.",
	"We need more permanent staff; relying on agency workers unsettles families.",
	"Protected time for learning that actually happens.",
	"The case management system is slow and crashes.",
	"More recognition when things go well, not only when they go wrong.",
	"Pay that keeps experienced social workers here.",
	"Fewer meetings and more time with children and families.",
	"Hot-desking makes it hard to debrief after a difficult visit.",
	"Clearer pathways to senior practitioner roles.",
	"Call me on 07700 900123 if you want to know more.",
	"Better IT equipment for working in the community.",
	"Bullying by a senior manager has been raised and nothing happened.",
	"I was threatened on a home visit and there was no debrief afterwards.",
	"Racist comments from a colleague went unchallenged.",
	"Managers should have time to support us, not just chase performance figures.",
}

// actionsAfter are what was done after each yearly wave, in order.
var actionsAfter = [][]action.Action{
	{
		{Theme: "workloads", Title: "A caseload cap for social workers", StaffSaid: "Caseloads were too high to do direct work, and new cases kept coming without checks.", WeDid: "Agreed a cap of 15 children for experienced social workers and 12 in the ASYE, reviewed each month at the workload panel.", Owner: "Head of children's services", Status: action.Done, Due: "2024-04-30", Published: true},
		{Theme: "workforce-planning", Title: "A recruitment and retention plan", StaffSaid: "Vacancies were not filled and agency staff came and went.", WeDid: "Launched a recruitment campaign with a market supplement for hard-to-fill teams, and converted twelve agency posts to permanent.", Owner: "Workforce development lead", Status: action.Done, Due: "2024-09-30", Published: true},
		{Question: "workload-admin", Title: "Business support for recording", StaffSaid: "Too much time went on admin that did not need a social worker.", WeDid: "Two business support officers now take minutes and chase paperwork for the front door and assessment teams.", Owner: "Service manager, front door", Status: action.Done, Published: true},
	},
	{
		{Theme: "wellbeing", Title: "Debriefs after difficult visits", StaffSaid: "People felt alone after distressing work.", WeDid: "Every team now has a named peer supporter and a protected debrief slot each week; clinical supervision is open to all.", Owner: "Principal social worker", Status: action.Done, Due: "2025-03-31", Published: true},
		{Theme: "workloads", Title: "Fewer forms", StaffSaid: "Recording took a day a week and forms asked for the same thing twice.", WeDid: "Merged the assessment and plan forms and removed eleven mandatory fields; the case system upgrade is under way.", Owner: "Head of quality assurance", Status: action.InProgress, Due: "2026-06-30", Published: true},
	},
	{
		{Theme: "supervision", Title: "Protect supervision time", StaffSaid: "Supervision is cancelled when teams are busy.", WeDid: "We will make supervision a protected diary slot, report cancellations to the senior leadership team each month, and train new managers in reflective supervision.", Owner: "Principal social worker", Status: action.Planned, Due: "2026-12-31"},
	},
}
