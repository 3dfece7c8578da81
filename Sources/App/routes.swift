import Foundation
import OpenAPIVapor
import Vapor

/// Every route. Paths have the same shapes as `SiteURL`.
func routes(_ app: Application) throws {
    app.get(SiteRoute.health.pathComponents, use: HealthController.health)
    app.get(SiteRoute.healthLive.pathComponents, use: HealthController.live)
    app.get(SiteRoute.healthReady.pathComponents, use: HealthController.ready)
    app.get(SiteRoute.metrics.pathComponents, use: HealthController.metrics)
    app.get(SiteRoute.asset.pathComponents, use: HealthController.stylesheet)
    app.get(SiteRoute.favicon.pathComponents) { _ in
        Response(status: .noContent, headers: ["Cache-Control": "public, max-age=86400"])
    }

    // Citizen portal. `.checksText()`: the handler shows a refused character at its field;
    // every other form with one is refused whole, naming the fields (`CSRFMiddleware`).
    app.get(SiteRoute.home.pathComponents, use: PortalController.home)
    app.get(SiteRoute.login.pathComponents, use: LoginController.citizenForm)
    app.post(SiteRoute.login.pathComponents, use: LoginController.citizenLogin).checksText()
    app.post(SiteRoute.logout.pathComponents, use: LoginController.citizenLogout)
    app.get(SiteRoute.idporten.pathComponents, use: IDPortenController.start)
    app.get(SiteRoute.idportenCallback.pathComponents, use: IDPortenController.callback)
    app.get(SiteRoute.frontChannelLogout.pathComponents, use: IDPortenController.frontChannelLogout)
    app.get(SiteRoute.language.pathComponents, use: LoginController.language)
    app.get(SiteRoute.kommune.pathComponents, use: PortalController.kommune)
    app.get(SiteRoute.publicJournal.pathComponents, use: PublicJournalController.page)
    app.get(SiteRoute.accessRequest.pathComponents, use: PublicJournalController.requestForm)
    app.post(SiteRoute.accessRequest.pathComponents, use: PublicJournalController.sendRequest).checksText()
    app.get(SiteRoute.service.pathComponents, use: PortalController.serviceStart)
    app.get(SiteRoute.catalog.pathComponents, use: CatalogController.page)
    app.get(SiteRoute.catalogService.pathComponents, use: CatalogController.service)
    app.get(SiteRoute.catalogPackage.pathComponents, use: CatalogController.download)

    let citizen = app.grouped(RequireCitizenMiddleware())
    citizen.get(SiteRoute.form.pathComponents, use: PortalController.form)
    // Streamed: a form with attachments sends its files in the same body (issue 19).
    citizen.on(.POST, SiteRoute.form.pathComponents, body: .stream, use: PortalController.submitForm).checksText()
        .streamsUploads()
    citizen.get(SiteRoute.check.pathComponents, use: PortalController.check)
    citizen.post(SiteRoute.send.pathComponents, use: PortalController.send)
    citizen.get(SiteRoute.myCases.pathComponents, use: PortalController.myCases)
    citizen.get(SiteRoute.myCase.pathComponents, use: PortalController.myCase)
    // A message may carry files (issue 20): streamed like the application form's uploads.
    citizen.on(.POST, SiteRoute.myCaseMessage.pathComponents, body: .stream, use: DialogueController.citizenWrites)
        .checksText().streamsUploads()
    citizen.post(SiteRoute.myCaseReview.pathComponents, use: DialogueController.citizenRequestsReview).checksText()
    // A follow-up application with its documents (issue 24), streamed like a message's files.
    citizen.on(.POST, SiteRoute.myCaseFollowUp.pathComponents, body: .stream, use: DialogueController.citizenFollowUp)
        .checksText().streamsUploads()
    citizen.post(SiteRoute.myCaseAppeal.pathComponents, use: DialogueController.citizenAppeals).checksText()
    // Meetings (issue 22): booking from the case, cancelling up to the kommune's limit.
    citizen.get(SiteRoute.myCaseMeeting.pathComponents, use: MeetingController.bookingPage)
    citizen.post(SiteRoute.myCaseMeeting.pathComponents, use: MeetingController.book)
    citizen.post(SiteRoute.cancelMeeting.pathComponents, use: MeetingController.cancel)
    // Kindergarten admission (issue 23): the applicant answers the offer.
    citizen.post(SiteRoute.admissionAnswer.pathComponents, use: AdmissionController.answer)
    citizen.get(SiteRoute.admissionWishes.pathComponents, use: AdmissionController.wishesPage)
    citizen.post(SiteRoute.admissionWishes.pathComponents, use: AdmissionController.changeWishes)
    // The video room: parties by their login (checked in the handler: staff or applicant),
    // guests by their link; the socket checks the same before it upgrades.
    app.get(SiteRoute.meetingRoom.pathComponents, use: MeetingRoomController.page)
    app.get(SiteRoute.meetingRoomSocket.pathComponents, use: MeetingRoomController.socket)
    app.get(SiteRoute.guestRoom.pathComponents, use: MeetingRoomController.page)
    app.get(SiteRoute.guestRoomSocket.pathComponents, use: MeetingRoomController.socket)
    // A neighbour's link (issue 24): no login; anonymous writes are rate-limited like all.
    app.get(SiteRoute.thirdParty.pathComponents, use: ThirdPartyController.page)
    app.post(SiteRoute.thirdParty.pathComponents, use: ThirdPartyController.comment).checksText()
    app.get(SiteRoute.thirdPartyAttachment.pathComponents, use: ThirdPartyController.download)
    citizen.get(SiteRoute.receipt.pathComponents, use: PortalController.receipt)
    citizen.get(SiteRoute.myAttachment.pathComponents, use: AttachmentController.citizenDownload)
    citizen.post(SiteRoute.deleteDraft.pathComponents, use: PortalController.deleteDraft)
    citizen.get(SiteRoute.inbox.pathComponents, use: PortalController.inbox)
    citizen.get(SiteRoute.letter.pathComponents, use: PortalController.letter)
    citizen.get(SiteRoute.profile.pathComponents, use: ProfileController.page)
    citizen.post(SiteRoute.profile.pathComponents, use: ProfileController.save)

    // The public API for domain systems (Sources/AppAPI/openapi.yaml): the token endpoint and
    // the spec itself are open; every generated operation needs an access token.
    app.post(SiteRoute.apiToken.pathComponents, use: TokenController.token)
    app.get(SiteRoute.apiSpec.pathComponents, use: APIDocsController.spec)
    app.get(SiteRoute.developers.pathComponents, use: APIDocsController.page)
    let transport = VaporTransport(routesBuilder: app.grouped(APIAuthMiddleware()).grouped(RequestInjection()))
    try PublicAPI().registerHandlers(
        on: transport, serverURL: URL(string: SiteRoute.api.rawValue)!, middlewares: [APIProblemMiddleware()])
    // A method the spec does not list on a path it has: 405 with Allow, not 404.
    for (path, allowed) in APIDocsController.methodsByPath() {
        let components = (SiteRoute.api.rawValue + path).pathComponents
        for method in [HTTPMethod.GET, .POST, .PUT, .PATCH, .DELETE, .TRACE, .OPTIONS, .HEAD, .RAW(value: "QUERY")]
        where !allowed.contains(method.rawValue) {
            if method == .HEAD && allowed.contains("GET") { continue }
            app.on(method, components) { _ in
                let r = APIProblem(
                    status: .methodNotAllowed, detail: "Bruk \(allowed.sorted().joined(separator: " eller ")) her."
                ).response
                r.headers.replaceOrAdd(name: .allow, value: allowed.sorted().joined(separator: ", "))
                return r
            }
        }
    }

    // Caseworker workspace
    app.get(SiteRoute.staffLogin.pathComponents, use: LoginController.staffForm)
    app.post(SiteRoute.staffLogin.pathComponents, use: LoginController.staffLogin)
    app.post(SiteRoute.staffLogout.pathComponents, use: LoginController.staffLogout)
    app.get(SiteRoute.staffSSO.pathComponents, use: StaffSSOController.start)
    app.get(SiteRoute.invitation.pathComponents, use: InvitationController.page)
    app.post(SiteRoute.invitation.pathComponents, use: InvitationController.accept).checksText()
    app.get(SiteRoute.operatorLogin.pathComponents, use: OperatorController.loginForm)
    app.post(SiteRoute.operatorLogin.pathComponents, use: OperatorController.login)
    app.post(SiteRoute.operatorLogout.pathComponents, use: OperatorController.logout)
    app.get(SiteRoute.operatorHome.pathComponents, use: OperatorController.home)
    app.post(SiteRoute.operatorKommuner.pathComponents, use: OperatorController.addKommune).checksText()
    app.get(SiteRoute.staffSSOCallback.pathComponents, use: StaffSSOController.callback)
    let staff = app.grouped(RequireStaffMiddleware())
    staff.get(SiteRoute.staffHome.pathComponents) { req in
        req.redirect(to: SiteURL.queue(service: nil, status: nil).path)
    }
    staff.get(SiteRoute.queue.pathComponents, use: WorkspaceController.queuePage)
    staff.get(SiteRoute.staffCase.pathComponents, use: WorkspaceController.casePage)
    staff.post(SiteRoute.revealIdentity.pathComponents, use: WorkspaceController.reveal)
    staff.get(SiteRoute.staffAttachment.pathComponents, use: AttachmentController.staffDownload)
    staff.post(SiteRoute.decide.pathComponents, use: WorkspaceController.decide).checksText()
    // A message or request may carry files (issue 20): streamed like the applicant's.
    staff.on(.POST, SiteRoute.caseDialogue.pathComponents, body: .stream, use: DialogueController.staffWrites)
        .checksText().streamsUploads()
    staff.post(SiteRoute.withdrawRequest.pathComponents, use: DialogueController.withdraw)
    staff.post(SiteRoute.assignCase.pathComponents, use: DialogueController.assign)
    staff.post(SiteRoute.staffAppeal.pathComponents, use: DialogueController.staffAppeal).checksText()
    staff.post(SiteRoute.caseProposal.pathComponents, use: WorkspaceController.proposal).checksText()
    staff.post(SiteRoute.bulkAssign.pathComponents, use: DialogueController.bulkAssign)
    staff.get(SiteRoute.meetingHours.pathComponents, use: MeetingController.hoursPage)
    staff.post(SiteRoute.meetingHours.pathComponents, use: MeetingController.saveHours).checksText()
    staff.post(SiteRoute.meetingRules.pathComponents, use: MeetingController.saveRules).checksText()
    staff.post(SiteRoute.proposeMeeting.pathComponents, use: MeetingController.propose).checksText()
    staff.get(SiteRoute.admission.pathComponents, use: AdmissionController.page)
    staff.post(SiteRoute.admission.pathComponents, use: AdmissionController.create).checksText()
    staff.get(SiteRoute.admissionRound.pathComponents, use: AdmissionController.round)
    staff.post(SiteRoute.admissionRun.pathComponents, use: AdmissionController.run)
    staff.get(SiteRoute.admissionExport.pathComponents, use: AdmissionController.export)
    staff.post(SiteRoute.inviteGuest.pathComponents, use: MeetingController.inviteGuest).checksText()
    staff.post(SiteRoute.meetingMinutes.pathComponents, use: MeetingController.minutes).checksText()
    staff.post(SiteRoute.staffCancelMeeting.pathComponents, use: MeetingController.staffCancel)
    staff.post(SiteRoute.savedFilters.pathComponents, use: DialogueController.saveFilter).checksText()
    staff.post(SiteRoute.deleteSavedFilter.pathComponents, use: DialogueController.deleteFilter)
    staff.post(SiteRoute.correctDocument.pathComponents, use: WorkspaceController.correctDocument)
    staff.post(SiteRoute.stopShipment.pathComponents, use: DispatchController.stopFromCase)
    staff.get(SiteRoute.accessLog.pathComponents, use: AccessLogController.page)
    staff.get(SiteRoute.dispatch.pathComponents, use: DispatchController.page)
    staff.post(SiteRoute.dispatchSettings.pathComponents, use: DispatchController.saveSettings)
    staff.post(SiteRoute.dispatchAction.pathComponents, use: DispatchController.act)
    staff.get(SiteRoute.report.pathComponents, use: ReportController.page)
    staff.get(SiteRoute.reportCSV.pathComponents, use: ReportController.csv)
    staff.get(SiteRoute.invoiceBasis.pathComponents, use: ReportController.invoiceBasis)
    staff.post(SiteRoute.reportNote.pathComponents, use: ReportController.saveNote)
    staff.get(SiteRoute.baselines.pathComponents, use: ReportController.baselinePage)
    staff.post(SiteRoute.baselines.pathComponents, use: ReportController.saveBaselines)
    staff.get(SiteRoute.comparison.pathComponents, use: ReportController.comparison)
    staff.get(SiteRoute.paper.pathComponents, use: PaperController.list)
    staff.get(SiteRoute.paperForm.pathComponents, use: PaperController.form)
    staff.post(SiteRoute.paperForm.pathComponents, use: PaperController.submit).checksText()
    staff.get(SiteRoute.survey.pathComponents, use: MaturityController.surveyPage)
    staff.post(SiteRoute.survey.pathComponents, use: MaturityController.answer)
    staff.get(SiteRoute.maturity.pathComponents, use: MaturityController.page)
    staff.post(SiteRoute.maturityMeasure.pathComponents, use: MaturityController.addMeasure)
    staff.post(SiteRoute.maturityProcess.pathComponents, use: MaturityController.addProcess)
    staff.get(SiteRoute.services.pathComponents, use: ServicesController.page)
    staff.post(SiteRoute.adopt.pathComponents, use: ServicesController.adopt)
    staff.get(SiteRoute.staffService.pathComponents, use: ServicesController.service)
    staff.post(SiteRoute.serviceLocal.pathComponents, use: ServicesController.saveLocal)
    staff.post(SiteRoute.serviceUpgrade.pathComponents, use: ServicesController.upgrade)
    staff.get(SiteRoute.servicePublish.pathComponents, use: ServicesController.publishForm)
    staff.post(SiteRoute.servicePublish.pathComponents, use: ServicesController.publish)
    // The service workshop: a kommune writes, previews and publishes a service (issue 19).
    staff.get(SiteRoute.workshop.pathComponents, use: WorkshopController.page)
    staff.post(SiteRoute.workshop.pathComponents, use: WorkshopController.start).checksText()
    staff.get(SiteRoute.workshopDraft.pathComponents, use: WorkshopController.editor)
    // A package's files as text: up to 10 of 1 MB, percent-encoded (ServicePackage.compile's limits).
    staff.on(
        .POST, SiteRoute.workshopDraft.pathComponents, body: .collect(maxSize: "32mb"), use: WorkshopController.save
    ).checksText().takesLargeForms(32 * 1_048_576)
    // Streamed: a DMN file from Camunda Modeler, read by the handler with its token.
    staff.on(.POST, SiteRoute.workshopRuleFile.pathComponents, body: .stream, use: WorkshopController.uploadRules)
        .streamsUploads()
    staff.get(SiteRoute.workshopPreview.pathComponents, use: WorkshopController.preview)
    staff.post(SiteRoute.workshopPreview.pathComponents, use: WorkshopController.previewNext).checksText()
    staff.get(SiteRoute.workshopSample.pathComponents, use: WorkshopController.sample)
    staff.post(SiteRoute.workshopDelete.pathComponents, use: WorkshopController.delete)
    staff.get(SiteRoute.apiClients.pathComponents, use: APIClientsController.page)
    staff.post(SiteRoute.apiClients.pathComponents, use: APIClientsController.create)
    staff.post(SiteRoute.apiClientRevoke.pathComponents, use: APIClientsController.revoke)
    staff.post(SiteRoute.webhooks.pathComponents, use: APIClientsController.subscribe)
    staff.post(SiteRoute.webhookStop.pathComponents, use: APIClientsController.unsubscribe)
    staff.get(SiteRoute.automation.pathComponents, use: AutomationController.page)
    staff.post(SiteRoute.automation.pathComponents, use: AutomationController.save)
    staff.get(SiteRoute.loginSettings.pathComponents, use: LoginSettingsController.page)
    staff.get(SiteRoute.staffUsers.pathComponents, use: StaffUsersController.page)
    staff.post(SiteRoute.staffInvite.pathComponents, use: StaffUsersController.invite).checksText()
    staff.get(SiteRoute.adminLog.pathComponents, use: StaffUsersController.log)
    staff.post(SiteRoute.staffUser.pathComponents, use: StaffUsersController.update)
    staff.post(SiteRoute.loginSettings.pathComponents, use: LoginSettingsController.save)
}
