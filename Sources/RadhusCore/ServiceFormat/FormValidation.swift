import Foundation

/// What is wrong with one answer. The portal turns each into a sentence saying what to do
/// (in bokmål or English), next to the field and in the error summary.
public enum FieldProblem: Error, Sendable, Equatable {
    case required
    case tooLong(max: Int)
    case pattern(message: LocalizedText?)
    case notANumber
    case notAnEmail
    case notAPhone
    case notAnAmount
    case numberOutOfRange(min: Decimal?, max: Decimal?)
    /// More decimals than the field allows (`decimals`; 0: a whole number).
    case tooManyDecimals(allowed: Int)
    case notADate
    case dateOutOfRange(earliest: Date?, latest: Date?)
    case notAnOption
    case identity(Fodselsnummer.Problem)
    case postcode
    /// A character that cannot be seen (`PlainText`): refused, never stored.
    case invisibleCharacter(Unicode.Scalar)
    /// Attachments: more files than the field takes.
    case tooManyFiles(max: Int)
    /// An uploaded file that is not one of the kinds the field takes (by its content).
    case fileKind(allowed: [AttachmentKind])
    /// An iPhone photo in HEIC: asked to save it as JPEG.
    case heic
    case fileEmpty
    case fileTooLarge(maxBytes: Int64)
    /// The application's attachments together would pass the limit per application.
    case uploadTooLarge(maxBytes: Int64)
    /// The virus scanner found something: the file is not kept.
    case fileInfected
    /// The virus scanner could not be reached: nothing is taken unscanned.
    case scannerUnavailable
    /// A repeating group with fewer or more entries than it takes.
    case tooFewEntries(min: Int)
    case tooManyEntries(max: Int)
}

public struct FieldError: Sendable, Equatable {
    /// The id of the input the message belongs to (for an address, the failing part: `adresse.postnummer`).
    public var inputID: String
    public var field: FieldDefinition
    public var problem: FieldProblem

    public init(inputID: String, field: FieldDefinition, problem: FieldProblem) {
        self.inputID = inputID
        self.field = field
        self.problem = problem
    }
}

/// The answers that passed validation, normalised (numbers with `.`, dates as `YYYY-MM-DD`,
/// identities without spaces); answers to hidden conditional questions are dropped.
public struct ValidatedAnswers: Sendable, Equatable, Codable {
    public var values: [String: String]
    public init(values: [String: String]) { self.values = values }
    public subscript(key: String) -> String? { values[key] }
}

/// The result of validating a form: the answers, or every problem found.
public enum FormResult: Sendable, Equatable {
    case success(ValidatedAnswers)
    case failure([FieldError])
}

/// Validates what a person typed against a service's form definition.
public struct FormValidator: Sendable {
    public var policy: IdentityPolicy
    public var kommune: String?
    /// The day the answers are checked, in Norwegian time (date ranges are relative to it).
    public var today: Date
    public var calendar: NorwegianCalendar

    public init(policy: IdentityPolicy, kommune: String?, today: Date, calendar: NorwegianCalendar = .init()) {
        self.policy = policy
        self.kommune = kommune
        self.today = today
        self.calendar = calendar
    }

    /// Returns the normalised answers, or every error at once (never just the first).
    /// `context`: values the form's conditions may look at that are not its own questions (a
    /// decision value's outcome, `utfall`); they are not part of the answers returned.
    public func validate(
        _ definition: ServiceDefinition, input: [String: String], context: [String: String] = [:]
    ) -> FormResult {
        var values: [String: String] = context
        var errors: [FieldError] = []
        let lists = Set(definition.fields.filter { $0.type == .choices }.map(\.id))
        for field in definition.fields {
            if let c = field.showWhen, !c.holds(values, lists: lists) { continue }
            if field.type == .group {
                validateGroup(field, input: input, into: &values, errors: &errors)
                continue
            }
            validateOne(field, input: input, into: &values, errors: &errors)
        }
        for key in context.keys { values[key] = nil }
        return errors.isEmpty ? .success(ValidatedAnswers(values: values)) : .failure(errors)
    }

    /// A repeating group (issue 19): how many entries (`id` holds the count), each entry's
    /// questions as `id.0.sub`, `id.1.sub` …, checked like top-level questions; fewer than
    /// `min` or more than `max` entries is the group's own error.
    func validateGroup(
        _ field: FieldDefinition, input: [String: String], into values: inout [String: String],
        errors: inout [FieldError]
    ) {
        let limits = field.groupLimits
        let count = Int(input[field.id] ?? "").map { Swift.max(0, Swift.min($0, 100)) } ?? limits.min
        if count < limits.min {
            errors.append(.init(inputID: field.id, field: field, problem: .tooFewEntries(min: limits.min)))
        } else if count > limits.max {
            errors.append(.init(inputID: field.id, field: field, problem: .tooManyEntries(max: limits.max)))
        }
        values[field.id] = String(count)
        for i in 0..<count {
            for sub in field.fields ?? [] {
                validateOne(field.entryField(sub, at: i), input: input, into: &values, errors: &errors)
            }
        }
    }

    /// One question (not a group): its answer normalised into `values`, or its problem.
    func validateOne(
        _ field: FieldDefinition, input: [String: String], into values: inout [String: String],
        errors: inout [FieldError]
    ) {
        if field.type == .address {
            validateAddress(field, input: input, into: &values, errors: &errors)
            return
        }
        if field.type == .attachment {
            // The ids of the files taken for this field (the server puts them here, never
            // the person), and their names for display; problems with a file are shown
            // when it is uploaded.
            let ids = (input[field.id] ?? "").split(separator: ",").map(String.init)
            if ids.isEmpty {
                if field.required { errors.append(.init(inputID: field.id, field: field, problem: .required)) }
            } else if ids.count > field.attachmentRules.maxFiles {
                errors.append(
                    .init(
                        inputID: field.id, field: field,
                        problem: .tooManyFiles(max: field.attachmentRules.maxFiles)))
            } else {
                values[field.id] = ids.joined(separator: ",")
                values[field.id + ".navn"] = input[field.id + ".navn"] ?? ""
            }
            return
        }
        let raw = (input[field.id] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let c = PlainText.refused(in: raw, multiline: field.type == .longtext) {
            errors.append(.init(inputID: field.id, field: field, problem: .invisibleCharacter(c)))
            return
        }
        if raw.isEmpty {
            if field.required { errors.append(.init(inputID: field.id, field: field, problem: .required)) }
            return
        }
        switch normalise(raw, field) {
        case .success(let v): values[field.id] = v
        case .failure(let p): errors.append(.init(inputID: field.id, field: field, problem: p))
        }
    }

    func normalise(_ raw: String, _ field: FieldDefinition) -> Result<String, FieldProblem> {
        if let max = field.maxLength ?? defaultMaxLength(field.type), raw.count > max {
            return .failure(.tooLong(max: max))
        }
        switch field.type {
        case .text, .longtext:
            if let p = field.pattern, raw.range(of: "^(?:\(p))$", options: .regularExpression) == nil {
                return .failure(.pattern(message: field.patternMessage))
            }
            return .success(raw)
        case .number:
            let cleaned = raw.replacingOccurrences(of: ",", with: ".").filter { !$0.isWhitespace }
            guard Self.isPlainDecimal(cleaned),
                let n = Decimal(string: cleaned, locale: Self.posix)
            else { return .failure(.notANumber) }
            if let allowed = field.decimals {
                // Trailing zeros are not decimals: «3,0» is the whole number 3.
                let fraction = cleaned.split(separator: ".", maxSplits: 1).dropFirst().first ?? ""
                if fraction.reversed().drop(while: { $0 == "0" }).count > allowed {
                    return .failure(.tooManyDecimals(allowed: allowed))
                }
            }
            if let lo = field.min, n < lo { return .failure(.numberOutOfRange(min: field.min, max: field.max)) }
            if let hi = field.max, n > hi { return .failure(.numberOutOfRange(min: field.min, max: field.max)) }
            return .success("\(n)")
        case .date:
            guard let d = calendar.parseDate(raw) else { return .failure(.notADate) }
            let earliest = field.minDaysFromToday.map {
                calendar.addingCalendarDays($0, to: calendar.startOfDay(today))
            }
            let latest = field.maxDaysFromToday.map { calendar.addingCalendarDays($0, to: calendar.startOfDay(today)) }
            if let e = earliest, d < e { return .failure(.dateOutOfRange(earliest: earliest, latest: latest)) }
            if let l = latest, d > l { return .failure(.dateOutOfRange(earliest: earliest, latest: latest)) }
            return .success(calendar.isoDate(d))
        case .choice:
            guard field.options(for: kommune).contains(where: { $0.value == raw }) else {
                return .failure(.notAnOption)
            }
            return .success(raw)
        case .yesno:
            guard raw == "ja" || raw == "nei" else { return .failure(.notAnOption) }
            return .success(raw)
        case .choices:
            // Each chosen value must be an option; kept in the options' order, once each.
            let chosen = Set(raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let offered = field.options(for: kommune).map(\.value)
            guard chosen.isSubset(of: offered) else { return .failure(.notAnOption) }
            return .success(offered.filter(chosen.contains).joined(separator: ","))
        case .person:
            do { return .success(try Fodselsnummer(raw, policy: policy).value) } catch {
                return .failure(.identity(error))
            }
        case .address, .attachment, .group:
            return .success(raw)  // handled in validate
        case .email:
            return Self.email(raw).map { .success($0) } ?? .failure(.notAnEmail)
        case .phone:
            return Self.phone(raw).map { .success($0) } ?? .failure(.notAPhone)
        case .money:
            guard let n = Self.kroner(raw) else { return .failure(.notAnAmount) }
            if n < (field.min ?? 0) || field.max.map({ n > $0 }) == true {
                return .failure(.numberOutOfRange(min: field.min ?? 0, max: field.max))
            }
            return .success("\(n)")
        }
    }

    static let posix = Locale(identifier: "en_US_POSIX")

    /// An e-mail address as typed (trimmed): one `@`, something before it, a dotted domain
    /// after it, no spaces.
    public static func email(_ raw: String) -> String? {
        let parts = raw.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, raw.count <= 254, !raw.contains(where: \.isWhitespace) else {
            return nil
        }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard domain.count >= 2, domain.allSatisfy({ !$0.isEmpty }) else { return nil }
        return raw
    }

    /// A phone number in E.164: eight digits are Norwegian (`+47`); `+` or `00` and a country
    /// code with 7–15 digits in all. Spaces, dots and hyphens between digits are ignored.
    public static func phone(_ raw: String) -> String? {
        var s = raw.filter { !" .-".contains($0) }
        if s.hasPrefix("00") { s = "+" + s.dropFirst(2) }
        let international = s.hasPrefix("+")
        let digits = international ? String(s.dropFirst()) : s
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if !international { return digits.count == 8 ? "+47" + digits : nil }
        if digits.hasPrefix("47") { return digits.count == 10 ? "+" + digits : nil }
        return (7...15).contains(digits.count) ? "+" + digits : nil
    }

    /// Kroner: an optional «kr» before or after, spaces (also narrow no-break) as thousands
    /// separators, a comma or a point before at most two decimals.
    public static func kroner(_ raw: String) -> Decimal? {
        var s = raw.lowercased()
        for unit in ["kr.", "kr", "nok", ",-"] where s.hasPrefix(unit) || s.hasSuffix(unit) {
            s = s.hasPrefix(unit) ? String(s.dropFirst(unit.count)) : String(s.dropLast(unit.count))
        }
        s = s.filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{00A0}" }.replacingOccurrences(
            of: ",", with: ".")
        guard isPlainDecimal(s), !s.hasPrefix("-"),
            (s.split(separator: ".").dropFirst().first?.count ?? 0) <= 2
        else { return nil }
        return Decimal(string: s, locale: posix)
    }

    /// `-?[0-9]+(\.[0-9]+)?`, checked by hand: this runs for every number on every form.
    static func isPlainDecimal(_ s: String) -> Bool {
        var chars = Substring(s)
        if chars.first == "-" { chars = chars.dropFirst() }
        let parts = chars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return false
        }
        if parts.count == 2 { return !parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && $0.isNumber } }
        return true
    }

    func defaultMaxLength(_ type: FieldType) -> Int? {
        switch type {
        case .text: 200
        case .email: 254
        case .longtext: 4000
        default: 100
        }
    }

    /// An address is three inputs: `<id>.gate`, `<id>.postnummer`, `<id>.poststed`.
    func validateAddress(
        _ field: FieldDefinition, input: [String: String], into values: inout [String: String],
        errors: inout [FieldError]
    ) {
        let parts = AddressPart.allCases.map {
            ($0, (input["\(field.id).\($0.rawValue)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if parts.allSatisfy({ $0.1.isEmpty }) {
            if field.required { errors.append(.init(inputID: "\(field.id).gate", field: field, problem: .required)) }
            return
        }
        for (part, value) in parts {
            let inputID = "\(field.id).\(part.rawValue)"
            if let c = PlainText.refused(in: value) {
                errors.append(.init(inputID: inputID, field: field, problem: .invisibleCharacter(c)))
                continue
            }
            if value.isEmpty {
                errors.append(.init(inputID: inputID, field: field, problem: .required))
                continue
            }
            if value.count > 200 {
                errors.append(.init(inputID: inputID, field: field, problem: .tooLong(max: 200)))
                continue
            }
            if part == .postnummer, value.count != 4 || !value.allSatisfy({ $0.isASCII && $0.isNumber }) {
                errors.append(.init(inputID: inputID, field: field, problem: .postcode))
                continue
            }
            values[inputID] = value
        }
    }

    public enum AddressPart: String, CaseIterable, Sendable { case gate, postnummer, poststed }
}

/// How a multi-step form moves on when a page is sent (issue 19): the portal and the service
/// workshop's preview both go through here, so a preview walks the form exactly as a citizen does.
public enum FormSteps {
    /// This page's answers over what is kept from the other pages (a page sends its own only).
    public static func merge(
        _ stored: [String: String], page: ServiceDefinition.Step, posted: [String: String]
    ) -> [String: String] {
        var values = stored.filter { key, _ in !page.fields.contains(ServiceDefinition.question(of: key)) }
        values.merge(posted) { _, new in new }
        return values
    }

    public enum Outcome: Sendable {
        /// This page is fine: show the next one.
        case next(ServiceDefinition.Step)
        /// Show `page` with these errors (this page's; or, from the last page, the first earlier
        /// page that has some — changed on another device, or a date range moved on).
        case errors(ServiceDefinition.Step, [FieldError])
        /// The last page, and everything checks: the answers to show on the check page.
        case done(ValidatedAnswers)
    }

    /// Checks the whole form; a later page's errors wait until the person gets there.
    public static func advance(
        _ s: ServiceDefinition, from at: ServiceDefinition.Step, values: [String: String], validator: FormValidator
    ) -> Outcome {
        let pages = s.pages
        let index = pages.firstIndex(of: at) ?? 0
        let next = index + 1 < pages.count ? pages[index + 1] : nil
        let on = { (p: ServiceDefinition.Step, e: FieldError) in
            p.fields.contains(ServiceDefinition.question(of: e.field.id))
        }
        switch validator.validate(s, input: values) {
        case .failure(let errors):
            let here = errors.filter { on(at, $0) }
            if here.isEmpty, let next { return .next(next) }
            let shown = here.isEmpty ? (pages.first { p in errors.contains { on(p, $0) } } ?? at) : at
            return .errors(shown, errors.filter { on(shown, $0) })
        case .success(let answers):
            if let next { return .next(next) }
            return .done(answers)
        }
    }
}
