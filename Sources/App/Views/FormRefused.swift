import Foundation
import RadhusCore
import Vapor

/// The answer to a form with an invisible character in a field whose handler does not show
/// problems at the field itself (`Route.checksText`): each such field named, with what was
/// typed in it, so nothing is lost (refused characters are shown as �, never raw).
enum FormRefused {
    static func view(_ refused: [(name: String, character: Unicode.Scalar)], input: FormInput, ctx: PageContext)
        -> Page
    {
        let t = ctx.t
        let values = input.values
        return Layout.page(ctx, title: [t.formRefusedTitle], status: .unprocessableEntity) {
            el("h1") { t.formRefusedTitle }
            el("p", .cls("lead")) { t.formRefusedIntro }
            for (index, field) in refused.enumerated() {
                FormView.textArea(
                    t: t, id: "refused-\(index)", name: "", label: t.formRefusedField(field.name),
                    hint: nil, value: values[field.name] ?? "", error: t.invisibleCharacter(field.character),
                    rows: 3, extra: [.attr("readonly", "")])
            }
        }
    }
}

extension Request {
    /// Which part of the site a path belongs to, for pages made outside a controller.
    var area: PageContext.Area { url.path.hasPrefix("/ansatt") ? .staff : .citizen }
}
