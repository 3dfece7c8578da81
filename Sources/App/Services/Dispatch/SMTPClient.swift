import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to send mail: parsed from `RADHUS_SMTP_URL`.
public struct SMTPSettings: Sendable {
    public enum Security: Sendable { case startTLSIfOffered, implicitTLS }
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var security: Security
    public var from: String
    /// PEM file of the certificate authorities to trust for TLS (the system's when nil).
    public var trustRootsFile: String?
    /// Our name in EHLO.
    public var heloName: String = "radhus.localhost"
    public var timeout: TimeAmount = .seconds(15)

    public struct Problem: Error, CustomStringConvertible { public var description: String }

    public init(url: String, from: String, trustRootsFile: String? = nil) throws {
        self.trustRootsFile = trustRootsFile
        guard let u = URLComponents(string: url), let scheme = u.scheme?.lowercased(),
            ["smtp", "smtps"].contains(scheme),
            let host = u.host, !host.isEmpty
        else {
            throw Problem(description: "not an smtp:// or smtps:// URL")
        }
        self.host = host
        self.security = scheme == "smtps" ? .implicitTLS : .startTLSIfOffered
        self.port = u.port ?? (scheme == "smtps" ? 465 : 25)
        self.username = u.user?.removingPercentEncoding
        self.password = u.password?.removingPercentEncoding
        self.from = from
    }
}

/// One e-mail: plain text, UTF-8, with a Message-ID the caller chooses (derived from the
/// shipment, so a resend after a crash carries the same id and the receiver can drop it).
public struct MailMessage: Sendable {
    public var to: String
    public var subject: String
    public var body: String
    public var messageID: String
    public var date: Date
    /// Files sent with the message (an appeal's package, issue 20); none for a notice.
    public var attachments: [MailAttachment] = []

    public init(
        to: String, subject: String, body: String, messageID: String, date: Date, attachments: [MailAttachment] = []
    ) {
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.date = date
        self.attachments = attachments
    }

    /// The message as it goes over the wire after DATA (RFC 5322), up to and including the
    /// final "." line (the caller adds the last CRLF, as after every command).
    func wireFormat(from: String) -> String {
        let df = DateFormatter()
        df.locale = Locale(identifier: "en_US_POSIX")
        df.timeZone = TimeZone(identifier: "Europe/Oslo")
        df.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        // Subjects with æøå are encoded words (RFC 2047); bodies and files are base64 in lines
        // of 76, which never start with ".", so no dot-stuffing is needed.
        let subject = "=?UTF-8?B?\(Data(self.subject.utf8).base64EncodedString())?="
        func base64(_ data: Data) -> String {
            data.base64EncodedString(options: [
                .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
            ])
        }
        var headers = [
            "From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: \(df.string(from: date))",
            "Message-ID: \(messageID)", "MIME-Version: 1.0",
        ]
        let text = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]
        guard !attachments.isEmpty else {
            headers += text + ["Auto-Submitted: auto-generated"]
            return headers.joined(separator: "\r\n") + "\r\n\r\n" + base64(Data(body.utf8)) + "\r\n."
        }
        // multipart/mixed (RFC 2046): the text, then each file; the boundary cannot occur in base64.
        let boundary = "=_radhus_\(UUID().uuidString)"
        headers += ["Content-Type: multipart/mixed; boundary=\"\(boundary)\"", "Auto-Submitted: auto-generated"]
        var parts = [text.joined(separator: "\r\n") + "\r\n\r\n" + base64(Data(body.utf8))]
        for a in attachments {
            // RFC 2231 names: a file name with æøå survives every mail program.
            let name =
                a.fileName.addingPercentEncoding(
                    withAllowedCharacters: .alphanumerics.union(.init(charactersIn: ".-_"))) ?? "fil"
            parts.append(
                [
                    "Content-Type: \(a.mediaType)", "Content-Transfer-Encoding: base64",
                    "Content-Disposition: attachment; filename*=UTF-8''\(name)",
                ].joined(separator: "\r\n") + "\r\n\r\n" + base64(a.data))
        }
        let bodyPart = parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--"
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + bodyPart + "\r\n."
    }
}

/// A file sent with a mail message.
public struct MailAttachment: Sendable {
    public var fileName: String
    public var mediaType: String
    public var data: Data

    public init(fileName: String, mediaType: String, data: Data) {
        self.fileName = fileName
        self.mediaType = mediaType
        self.data = data
    }
}

/// Why a send failed: a 4xx reply or a network failure is worth retrying, a 5xx is not.
public struct SMTPError: Error, CustomStringConvertible, Sendable {
    public var transient: Bool
    public var description: String
}

/// A small SMTP client on SwiftNIO: EHLO, STARTTLS when the server offers it (or TLS from
/// the start for smtps), AUTH PLAIN when a user is given, one message per connection.
public enum SMTPClient {
    struct Reply: Sendable {
        var code: Int
        var lines: [String]
    }

    /// Splits the byte stream into CRLF lines and replies (a multi-line reply ends at "NNN ").
    final class ReplyHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncThrowingStream<Reply, any Error>.Continuation
        var buffer = ""
        var lines: [String] = []

        init(_ c: AsyncThrowingStream<Reply, any Error>.Continuation) { continuation = c }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var b = unwrapInboundIn(data)
            buffer += b.readString(length: b.readableBytes) ?? ""
            while let r = buffer.range(of: "\r\n") {
                let line = String(buffer[..<r.lowerBound])
                buffer.removeSubrange(..<r.upperBound)
                lines.append(line)
                let chars = Array(line)
                if chars.count >= 3, let code = Int(String(chars[0..<3])), chars.count == 3 || chars[3] == " " {
                    continuation.yield(Reply(code: code, lines: lines))
                    lines = []
                }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            continuation.finish(throwing: SMTPError(transient: true, description: "connection closed by the server"))
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            continuation.finish(throwing: SMTPError(transient: true, description: "connection error: \(error)"))
            context.close(promise: nil)
        }
    }

    static let systemTLS: NIOSSLContext? = try? NIOSSLContext(configuration: .makeClientConfiguration())

    /// Certificates are always verified, against the system's roots or the given file.
    static func tlsContext(_ settings: SMTPSettings) throws -> NIOSSLContext {
        guard let file = settings.trustRootsFile else {
            guard let c = systemTLS else { throw SMTPError(transient: false, description: "TLS is not available") }
            return c
        }
        var config = TLSConfiguration.makeClientConfiguration()
        config.trustRoots = .file(file)
        do { return try NIOSSLContext(configuration: config) } catch {
            throw SMTPError(transient: false, description: "cannot read the CA file: \(error)")
        }
    }

    public static func send(
        _ message: MailMessage, settings: SMTPSettings,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws {
        let (stream, continuation) = AsyncThrowingStream<Reply, any Error>.makeStream()
        // An address is no name for SNI; the certificate chain is still verified.
        let host: String? =
            settings.host.contains(":") || settings.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : settings.host
        let implicitTLS = settings.security == .implicitTLS
        let tls = try tlsContext(settings)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(5))
                .channelInitializer { ch in
                    ch.eventLoop.makeCompletedFuture {
                        if implicitTLS {
                            try ch.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: host))
                        }
                        try ch.pipeline.syncOperations.addHandler(ReplyHandler(continuation))
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTPError(
                transient: true, description: "cannot connect to \(settings.host):\(settings.port): \(error)")
        }
        // Every reply must come within the timeout; a stalled server is a transient failure.
        let deadline = channel.eventLoop.scheduleTask(in: settings.timeout) {
            continuation.finish(
                throwing: SMTPError(transient: true, description: "the SMTP server did not answer in time"))
            channel.close(promise: nil)
        }
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        var replies = stream.makeAsyncIterator()

        func expect(_ ok: ClosedRange<Int>, after what: String) async throws -> Reply {
            guard let r = try await replies.next() else {
                throw SMTPError(transient: true, description: "no reply to \(what)")
            }
            guard ok.contains(r.code) else {
                // Only the code and the server's text: never the message or the recipient.
                throw SMTPError(
                    transient: r.code < 500, description: "\(what): \(r.code) \(r.lines.last?.dropFirst(4) ?? "")")
            }
            return r
        }
        func command(_ line: String, _ ok: ClosedRange<Int>, _ what: String) async throws -> Reply {
            do {
                try await channel.writeAndFlush(ByteBuffer(string: line + "\r\n"))
            } catch {
                // The connection is gone; the reader may know why (a failed TLS handshake, a reset).
                _ = try await replies.next()
                throw SMTPError(transient: true, description: "\(what): the connection was closed (\(error))")
            }
            return try await expect(ok, after: what)
        }

        _ = try await expect(220...220, after: "greeting")
        var ehlo = try await command("EHLO \(settings.heloName)", 250...250, "EHLO")
        let offersStartTLS = ehlo.lines.contains { $0.dropFirst(4).uppercased().hasPrefix("STARTTLS") }
        if !implicitTLS && offersStartTLS {
            _ = try await command("STARTTLS", 220...220, "STARTTLS")
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    try NIOSSLClientHandler(context: tls, serverHostname: host), position: .first)
            }.get()
            ehlo = try await command("EHLO \(settings.heloName)", 250...250, "EHLO after STARTTLS")
        }
        if let user = settings.username {
            let token = Data("\0\(user)\0\(settings.password ?? "")".utf8).base64EncodedString()
            _ = try await command("AUTH PLAIN \(token)", 235...235, "AUTH")
        }
        _ = try await command("MAIL FROM:<\(settings.from)>", 250...250, "MAIL FROM")
        _ = try await command("RCPT TO:<\(message.to)>", 250...251, "RCPT TO")
        _ = try await command("DATA", 354...354, "DATA")
        _ = try await command(message.wireFormat(from: settings.from), 250...250, "message")
        _ = try? await command("QUIT", 200...299, "QUIT")
    }

    /// A plausible address (what a form can check; the mail server has the last word).
    public static func isPlausibleAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."),
            s.count <= 254
        else { return false }
        return !s.contains { $0.isWhitespace || "<>(),;:\"[]\\".contains($0) }
    }
}
