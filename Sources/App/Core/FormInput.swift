import Foundation
import RadhusCore
import Vapor

/// A page's form as the person sent it, read once (issue 17, defects 2 and 8).
///
/// Vapor's form decoder gives up on the whole body when one value is not UTF-8, and handlers
/// that fell back to an empty form then showed the person an empty form: everything typed was
/// lost. Here each value is read on its own: bytes that are not UTF-8 become U+FFFD, which
/// `PlainText` refuses at that field, so the rest is kept and the field is named. A field sent
/// twice (other than a list, `name[]`) is refused: a form and the API have one rule, and a
/// second value must not silently win.
struct FormInput: Sendable {
    /// The fields in the order they were sent.
    let fields: [(name: String, value: String)]
    /// Single-valued fields by name (made once: the CSRF check and the handler both read it).
    let values: [String: String]

    /// Fields read elsewhere (the text parts of a multipart upload).
    init(fields: [(name: String, value: String)]) {
        self.fields = fields
        values = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Reads an `application/x-www-form-urlencoded` body.
    init(urlEncoded body: ByteBuffer) {
        let bytes = Array(body.readableBytesView)
        fields = bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
        values = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// `+` is a space and `%XX` a byte; a `%` not followed by two hex digits stays as it is.
    /// The bytes are then read as UTF-8, each invalid sequence becoming U+FFFD.
    static func decode(_ raw: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let b = raw[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), i + 2 < raw.endIndex, let hi = hex(raw[i + 1]), let lo = hex(raw[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The single values, with each multi-select's `id[]` values joined by commas under `id`
    /// (none chosen: an empty answer).
    func values(joiningLists ids: [String]) -> [String: String] {
        var out = values
        for id in ids {
            out[id + "[]"] = nil
            out[id] = fields.filter { $0.name == id + "[]" }.map(\.value).joined(separator: ",")
        }
        return out
    }

    /// Names sent more than once that are not lists.
    var duplicates: [String] {
        var seen: Set<String> = []
        var twice: [String] = []
        for f in fields where !f.name.hasSuffix("[]") {
            if !seen.insert(f.name).inserted, !twice.contains(f.name) { twice.append(f.name) }
        }
        return twice
    }

    /// The first refused character of each field that has one (`PlainText`; line breaks and
    /// tabs are allowed here, as in multi-line text: single-line fields are checked by their
    /// handlers).
    var refused: [(name: String, character: Unicode.Scalar)] {
        fields.compactMap { f in
            guard f.name != CSRF.field else { return nil }
            return PlainText.refused(in: f.value, multiline: true).map { (f.name, $0) }
        }
    }

    /// The form as a JSON object for a `Decodable` form type: `name` a string, `name[]` a list,
    /// `name[key]` an object of strings. (Vapor's form decoder lost values that begin with a
    /// U+FEFF, so a refused value could not be shown back as it was typed.)
    var json: Data {
        var object: [String: Any] = [:]
        for (name, value) in fields {
            if name.hasSuffix("[]") {
                let key = String(name.dropLast(2))
                object[key] = ((object[key] as? [String]) ?? []) + [value]
            } else if let open = name.firstIndex(of: "["), name.hasSuffix("]"), open != name.startIndex {
                let key = String(name[..<open])
                let inner = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
                var dict = (object[key] as? [String: String]) ?? [:]
                dict[inner] = value
                object[key] = dict
            } else {
                object[name] = value
            }
        }
        return (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
    }
}

extension Request {
    struct FormInputKey: StorageKey { typealias Value = FormInput }

    /// The page form of this request (empty for any other body), read once.
    var formInput: FormInput {
        if let f = storage[FormInputKey.self] { return f }
        let f =
            headers.contentType == .urlEncodedForm
            ? FormInput(urlEncoded: body.data ?? ByteBuffer()) : FormInput(urlEncoded: ByteBuffer())
        storage[FormInputKey.self] = f
        return f
    }

    /// The form decoded into `T`, from what `formInput` read (so one bad value does not lose the
    /// rest). A value of the wrong shape for `T` (a list where one value belongs) is 400.
    func form<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: formInput.json)
        } catch {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb:
                        "Skjemaet kunne ikke leses: et felt har en form siden ikke kjenner. Last inn siden på nytt og prøv igjen.",
                    en:
                        "The form could not be read: a field has a shape the page does not know. Reload the page and try again.",
                    nn:
                        "Skjemaet kunne ikkje lesast: eit felt har ei form sida ikkje kjenner. Last inn sida på nytt og prøv igjen."
                ))
        }
    }
}

extension Route {
    /// Marks a route whose handler checks every text field itself and shows each refused
    /// character at its field; for every other form the CSRF step refuses such a form first
    /// (`CSRFMiddleware`), naming the fields, so no handler ever stores one unchecked.
    @discardableResult
    func checksText() -> Route {
        userInfo["radhus.checksText"] = true
        return self
    }

    var handlerChecksText: Bool { userInfo["radhus.checksText"] as? Bool ?? false }

    /// Marks a route whose handler reads a multipart body as it streams (attachments, issue 19)
    /// and checks the CSRF token itself once it has the text fields.
    @discardableResult
    func streamsUploads() -> Route {
        userInfo["radhus.streamsUploads"] = true
        return self
    }

    var handlerStreamsUploads: Bool { userInfo["radhus.streamsUploads"] as? Bool ?? false }

    /// Marks a form that may be larger than the application's body limit (the service
    /// workshop's files: up to 10 of 1 MB each, percent-encoded); the CSRF step collects its body
    /// with this limit instead. Register the route with the same `.collect(maxSize:)`.
    @discardableResult
    func takesLargeForms(_ bytes: Int) -> Route {
        userInfo["radhus.maxBody"] = bytes
        return self
    }

    var largeFormLimit: Int? { userInfo["radhus.maxBody"] as? Int }
}
