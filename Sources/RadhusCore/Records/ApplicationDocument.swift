import Foundation

/// The application as the archive keeps it (the journalpost's document, RA-TEKST): the kommune,
/// the saksnummer, when it came, and each answer with its label, in plain bokmål text.
public enum ApplicationDocument {
    public static func text(
        kommune: String, kommuneNumber: String, saksnummer: Saksnummer, submittedAt: Date, serviceID: String,
        service: ServiceDefinition?, answers: [String: String]
    ) -> String {
        var lines = [
            kommune, "Saksnr. \(saksnummer)", "Mottatt \(NorwegianCalendar().norwegianDateTime(submittedAt))", "",
            service?.title.nb ?? serviceID, "",
        ]
        if let service {
            for field in service.fields {
                if let v = field.displayValue(answers: answers, kommune: kommuneNumber, language: .nb) {
                    lines.append("\(field.label.nb): \(v)")
                }
            }
        } else {
            for (k, v) in answers.sorted(by: { $0.key < $1.key }) { lines.append("\(k): \(v)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
