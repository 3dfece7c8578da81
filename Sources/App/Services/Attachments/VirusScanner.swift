import Foundation
import NIOCore
import NIOPosix

/// What a virus scan found.
enum ScanVerdict: Sendable, Equatable {
    case clean
    /// The scanner's name for what it found (kept out of the citizen's message).
    case infected(String)
}

/// The scanner could not give a verdict (not running, not reachable, refused the file): the
/// file is not taken. Fail closed: nothing unscanned is ever stored.
struct ScannerUnavailable: Error, CustomStringConvertible {
    var description: String
}

/// Scans files before they are accepted (issue 19).
protocol VirusScanner: Sendable {
    func scan(file: URL) async throws -> ScanVerdict
}

/// ClamAV's daemon over its socket: a Unix socket path (`/run/clamav/clamd.ctl`, Debian's
/// `clamav-daemon`) or `host:port` (its TCP socket). The file is sent with `INSTREAM` in
/// chunks, so clamd need not be able to read our files, and memory stays flat whatever the size.
/// clamd's `StreamMaxLength` (25 MB by default) must be at least the largest upload
/// (docs/OPERATIONS.md); a larger stream is refused by clamd, which counts as unavailable.
struct ClamdScanner: VirusScanner {
    enum Address: Sendable, Equatable {
        case unix(String)
        case tcp(host: String, port: Int)

        /// `/path/to/socket`, `unix:/path`, or `host:port`.
        init?(_ text: String) {
            let t = text.hasPrefix("unix:") ? String(text.dropFirst(5)) : text
            if t.hasPrefix("/") {
                self = .unix(t)
            } else if let colon = t.lastIndex(of: ":"), let port = Int(t[t.index(after: colon)...]),
                colon != t.startIndex
            {
                self = .tcp(host: String(t[..<colon]), port: port)
            } else {
                return nil
            }
        }
    }

    var address: Address
    var timeout: TimeAmount = .seconds(60)
    static let chunkSize = 256 * 1024

    func scan(file: URL) async throws -> ScanVerdict {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: file) } catch {
            throw ScannerUnavailable(description: "cannot read the file to scan: \(error)")
        }
        defer { try? handle.close() }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5))
            let wrap: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> = { ch in
                ch.eventLoop.makeCompletedFuture { try NIOAsyncChannel(wrappingChannelSynchronously: ch) }
            }
            switch address {
            case .unix(let path):
                channel = try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: wrap)
            case .tcp(let host, let port):
                channel = try await bootstrap.connect(host: host, port: port, channelInitializer: wrap)
            }
        } catch {
            throw ScannerUnavailable(description: "cannot connect to clamd: \(error)")
        }
        let reply: String
        do {
            reply = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    try await channel.executeThenClose { inbound, outbound in
                        // `z` commands end with NUL, and so do clamd's replies.
                        try await outbound.write(ByteBuffer(string: "zINSTREAM\0"))
                        var sendError: (any Error)?
                        do {
                            while let data = try handle.read(upToCount: Self.chunkSize), !data.isEmpty {
                                var chunk = ByteBuffer()
                                chunk.writeInteger(UInt32(data.count), endianness: .big)
                                chunk.writeBytes(data)
                                try await outbound.write(chunk)
                            }
                            var end = ByteBuffer()
                            end.writeInteger(UInt32(0), endianness: .big)
                            try await outbound.write(end)
                        } catch {
                            // clamd may refuse mid-stream (size limit) and close: read its reason.
                            sendError = error
                        }
                        var answer = ByteBuffer()
                        for try await part in inbound {
                            var p = part
                            answer.writeBuffer(&p)
                            if answer.readableBytesView.contains(0) { break }
                        }
                        let text = String(decoding: answer.readableBytesView.prefix { $0 != 0 }, as: UTF8.self)
                        if text.isEmpty, let sendError { throw sendError }
                        return text
                    }
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(timeout.nanoseconds))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let first else {
                    channel.channel.close(promise: nil)
                    throw ScannerUnavailable(description: "clamd did not answer in time")
                }
                return first
            }
        } catch let e as ScannerUnavailable {
            throw e
        } catch {
            throw ScannerUnavailable(description: "clamd: \(error)")
        }
        return try Self.verdict(reply)
    }

    /// `stream: OK`, `stream: Eicar-Signature FOUND`, or `… ERROR`.
    static func verdict(_ reply: String) throws -> ScanVerdict {
        let body = reply.hasPrefix("stream: ") ? String(reply.dropFirst(8)) : reply
        if body == "OK" { return .clean }
        if body.hasSuffix(" FOUND") { return .infected(String(body.dropLast(6))) }
        throw ScannerUnavailable(description: "clamd answered «\(reply)»")
    }
}
