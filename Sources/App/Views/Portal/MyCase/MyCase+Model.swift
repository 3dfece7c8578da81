import Fluent
import Foundation
import RadhusCore

/// One of the citizen's own cases: status, letters and their delivery, the timeline, who in
/// the kommune has looked at it (roles and times), and the answers.
public enum MyCase {
    /// A message shown once after an action (`?melding=`).
    public enum Flash: String, Sendable {
        case sent = "sendt"
        case review = "vurdering"
        case appealed = "klage"
        case meetingBooked = "mote"
        case meetingCancelled = "avlyst"
        case meetingMoved = "flyttet"
        case offerAnswered = "svar"
        case wishesChanged = "onsker"
        case followUpSent = "oppfolging"
    }

    struct Model {
        var record: CaseRecord
        var kommune: Municipality.Snapshot
        var service: ServiceDefinition?
        var events: [CaseEventRecord]
        var looks: [AccessLogEntry]
        var trails: [DispatchView.LetterTrail]
        /// The files sent with the application (issue 19).
        var files: [Attachment] = []
        /// The dialogue (issue 20): messages both ways, never the kommune's internal notes, and
        /// only for the applicant (the one the case concerns sees status and timeline).
        var messages: [CaseMessage] = []
        var openRequest: InformationRequest?
        /// Issue 24: the follow-up applications sent on the case, and those the applicant may send.
        var followUps: [FollowUpRecord] = []
        var followUpsAvailable: [ServiceDefinition.FollowUp] = []
        /// A refused follow-up form: its kind and the draft with the problems.
        var followUpDraft: (kind: String, draft: DialogueDraft)?
        var isApplicant = false
        /// A message that was refused, with its text, and the message just sent.
        var draft: DialogueDraft?
        var flash: Flash?
        /// The case's decision was made by rules and may be reviewed by a caseworker (issue 20).
        var mayRequestReview = false
        /// Appeals (issue 20): until when the decision may be appealed; a refused appeal form with
        /// what was typed; the appeal this case is, or the latest appeal of its decision.
        var appealDeadline: Date?
        var appealLate = false
        var appealDraft: AppealDraft?
        var appeal: Appeal?
        var appealedNumber: Saksnummer?
        var appealCase: (id: UUID, saksnummer: Saksnummer)?
        /// Meetings (issue 22): the booked ones ahead, whether times are offered, and until how
        /// many hours before a meeting it may be cancelled here.
        var meetings: [Meeting] = []
        /// The kindergarten admission (issue 23): the child's latest entry, the unit it got, and
        /// why not a higher wish.
        var admission: AdmissionEntry?
        var admissionUnit: AdmissionUnit?
        var admissionExplanation: [AdmissionService.Explanation] = []
        /// Whether the wishes can still be changed (a round takes applications, or none is set up).
        var mayChangeWishes = false
        /// A video meeting's room: Radhus's own, or the service's external meeting link.
        var roomLinks: [UUID: String] = [:]
        var mayBookMeeting = false
        var now = Date()
        var meetingChangeLimit = MeetingSettings.defaultChangeLimitHours

        /// `record` is the citizen's own case (`Request.ownCase`); letters are only those to them.
        static func query(
            record c: CaseRecord, viewer: Fodselsnummer? = nil, services: ServiceRegistry, now: Date,
            on db: any Database
        ) async throws -> Model {
            let caseID = try c.requireID()
            guard let m = try await Municipality.find(c.municipalityID, on: db) else {
                throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
            }
            let letters = try await LetterRecord.query(on: db).filter(\.$caseID == caseID).filter(
                \.$recipientFnr == c.applicantFnr
            )
            .sort(\.$createdAt).all()
            let trails = DispatchView.trails(
                letters: letters,
                shipments: try await ShipmentRecord.query(on: db).filter(\.$caseID == caseID)
                    .filter(\.$channel == ShipmentChannel.portal.rawValue).all(),
                events: try await ShipmentEventRecord.query(on: db).filter(\.$caseID == caseID).all())
            var model = Model(
                record: c, kommune: try m.snapshot(),
                service: try await services.entry(c.serviceID, version: c.serviceVersion, on: db)?.definition,
                events: try await CaseEventRecord.query(on: db).filter(\.$caseID == caseID).sort(\.$at).all(),
                looks: try await AccessLogEntry.query(on: db).filter(\.$caseID == caseID).sort(\.$at).all(),
                trails: trails,
                files: try await AttachmentService.forCase(caseID, municipality: c.municipalityID, on: db))
            model.isApplicant = viewer.map { $0.value == c.applicantFnr } ?? true
            if model.isApplicant {
                // Notes are filtered here, in the query: they never reach a citizen's page.
                model.messages = try await CaseMessage.query(on: db).filter(\.$caseID == caseID)
                    .filter(
                        \.$direction ~~ [
                            CaseMessage.Direction.inbound.rawValue, CaseMessage.Direction.outbound.rawValue,
                            // Neighbours' comments (issue 24): the applicant reads them and may answer.
                            CaseMessage.Direction.thirdParty.rawValue,
                        ]
                    )
                    .sort(\.$createdAt).all()
                model.openRequest = try await InformationRequest.query(on: db).filter(\.$caseID == caseID)
                    .filter(\.$closedAt == nil).first()
                model.mayRequestReview = try await DialogueService.reviewable(c, on: db) != nil
                if let service = model.service, service.followUps != nil {
                    model.followUps = try await FollowUpRecord.query(on: db).filter(\.$caseID == caseID)
                        .sort(\.$submittedAt).all()
                    model.followUpsAvailable = try await FollowUpService.available(c, service: service, on: db)
                }
                model.meetings = try await Meeting.query(on: db).filter(\.$caseID == caseID)
                    .filter(\.$status == MeetingStatus.booked.rawValue)
                    .filter(\.$endsAt >= now.addingTimeInterval(-MeetingRoomController.closesAfter)).sort(\.$startsAt)
                    .all()
                if let local = try await services.offered(municipalityID: c.municipalityID, id: c.serviceID, on: db)?
                    .local
                {
                    for meeting in model.meetings {
                        if let link = local.meetingLink(for: meeting.id!) { model.roomLinks[meeting.id!] = link }
                    }
                }
                if c.caseStatus.isOpen && model.meetings.isEmpty {
                    model.mayBookMeeting = try await !MeetingService.offers(for: c, now: now, on: db).isEmpty
                }
                model.meetingChangeLimit = try await MeetingService.settings(c.municipalityID, on: db).changeLimit
                if c.serviceID == AdmissionService.serviceID {
                    if let latest = try await AdmissionService.rounds(ofCase: caseID, on: db).last {
                        model.admission = latest.entry
                        model.admissionUnit = latest.unit
                        model.admissionExplanation = latest.explanation
                    } else if c.caseStatus.isOpen {
                        model.mayChangeWishes = try await AdmissionService.wishesOpen(
                            municipality: c.municipalityID, now: now, on: db)
                    }
                }
                model.now = now
                model.appealDeadline = try await AppealService.appealable(c, on: db)?.deadline
                model.appealLate = model.appealDeadline.map { now > $0 } ?? false
            }
            if let (appeal, appealed) = try await AppealService.appeal(of: c, on: db) {
                model.appeal = appeal
                model.appealedNumber = appealed.saksnummer
            }
            model.appealCase = try await AppealService.waitingFor(c, on: db)
            return model
        }
    }
}
