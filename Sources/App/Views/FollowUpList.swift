import Foundation
import RadhusCore

/// The follow-up applications sent on a case (issue 24), each with its deadline or its outcome:
/// the same list on the applicant's and the caseworker's case pages.
enum FollowUpList {
    static func node(_ followUps: [FollowUpRecord], service: ServiceDefinition?, t: Strings) -> Node {
        let cal = NorwegianCalendar()
        return el("ul") {
            for f in followUps {
                let def = service?.followUp(f.kind)
                let title = def?.title[t.lang] ?? f.kind
                el("li") {
                    if let outcome = f.outcome, let at = f.decidedAt {
                        FollowUpTexts.decided(
                            title, def?.outcomes.first { $0.id == outcome }?.label[t.lang] ?? outcome,
                            cal.norwegianDate(at), t.lang)
                    } else {
                        FollowUpTexts.waiting(title, cal.norwegianDate(f.dueAt), t.lang)
                    }
                }
            }
        }
    }
}

/// A statutory deadline as the case pages say it (issue 24): an open follow-up's, else the
/// application's weeks and last day — or that it starts when the application is complete. Nil
/// for a service without one (the page shows the due date). `detailed` adds the days it stood
/// still and the day the application was complete (the caseworker's page).
enum StatutoryDeadlineText {
    static func text(
        _ c: CaseRecord, service: ServiceDefinition?, followUps: [FollowUpRecord], detailed: Bool, lang: Language
    ) -> String? {
        let cal = NorwegianCalendar()
        if let open = followUps.first(where: { $0.decidedAt == nil }), let f = service?.followUp(open.kind) {
            let d = StatutoryDeadline(started: open.submittedAt, weeks: open.weeks)
            return f.title[lang] + ": "
                + BuildingTexts.weeksUntil(d.weeks, cal.norwegianDate(d.lastDay()), f.basis, lang)
        }
        guard let statutory = service?.deadline.statutory else { return nil }
        guard let d = c.statutoryDeadline else { return BuildingTexts.clockNotStarted[lang] }
        var text = BuildingTexts.weeksUntil(d.weeks, cal.norwegianDate(d.lastDay()), statutory.basis, lang)
        if detailed {
            if d.pausedDays > 0 { text += " " + BuildingTexts.paused(d.pausedDays, lang) }
            text += " " + BuildingTexts.completeOn(cal.norwegianDate(d.started), lang)
        }
        return text
    }
}
