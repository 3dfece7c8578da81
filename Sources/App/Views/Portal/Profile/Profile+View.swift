import RadhusCore

/// The citizen's notification settings: the e-mail address for notices and the choice of paper
/// instead of digital post (what the contact register holds).
enum Profile {
    struct Model: Sendable {
        var email: String
        var paper: Bool
        /// From the population register, when known.
        var address: String?
        /// The written form letters come in (issue 19).
        var written: Language = .nb
    }

    static func view(_ m: Model, error: String?, saved: Bool, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.profileTitle], status: error == nil ? .ok : .unprocessableEntity) {
            if let error { Layout.errorSummary(t.errorSummaryTitle(1), anchors: [("epost", error)]) }
            if saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.saved } } }
            el("h1") { t.profileTitle }
            el("p", .cls("lead")) { t.profileIntro }
            el("form", .attr("method", "post"), .attr("action", SiteURL.profile().path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "epost", label: t.emailLabel + " " + t.optional, hint: t.emailHint, value: m.email,
                    error: error,
                    type: "email", extra: [.cls("input w-full"), .attr("autocomplete", "email")])
                el("div", .cls("form-group")) {
                    el("div", .cls("checkbox")) {
                        void(
                            "input", .type("checkbox"), .name("papir"), .value("ja"), .id("papir"),
                            .flag("checked", m.paper))
                        el("label", .for("papir")) { t.reservedLabel }
                    }
                }
                el("div", .cls("form-group")) {
                    el("fieldset", .id("malform")) {
                        el("legend", .cls("label")) { t.writtenFormLabel }
                        el("div", .cls("hint")) { el("p") { t.writtenFormHint } }
                        el("div", .cls("radios")) {
                            for (i, language) in [Language.nb, .nn].enumerated() {
                                el("div", .cls("radio")) {
                                    void(
                                        "input", .type("radio"), .name("malform"), .value(language.rawValue),
                                        .id("malform-\(i)"), .flag("checked", m.written == language))
                                    el("label", .for("malform-\(i)"), .attr("lang", language.rawValue)) {
                                        language.name
                                    }
                                }
                            }
                        }
                    }
                }
                el("button", .type("submit"), .cls("button")) { t.save }
            }
            el("h2") { t.postalAddress }
            el("p") {
                if let address = m.address, !address.isEmpty {
                    Letter.para(address.split(separator: "\n").map(String.init))
                } else {
                    t.noPostalAddress
                }
            }
        }
    }
}
