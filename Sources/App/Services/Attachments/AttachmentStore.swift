import Foundation
import NIOCore
import OpenAPIRuntime
import Vapor

/// Where accepted files live: outside the database, by a key the database row holds (issue 19).
/// A folder on disk is the one here; a kommune that wants object storage writes another
/// conformance (put from a local file, read as a stream, delete), and nothing else changes.
protocol AttachmentStore: Sendable {
    /// Takes a scanned file, a temporary file on this machine, into the store under `key`.
    /// Afterwards the temporary file is gone (moved) or may be deleted by the caller.
    func put(_ key: String, from file: URL) async throws
    /// The stored file as a response body, streamed in chunks (constant memory).
    func body(_ key: String, size: Int64) throws -> Response.Body
    /// The stored file as the API's response body, streamed in chunks.
    func stream(_ key: String, size: Int64) throws -> HTTPBody
    /// The whole file in chunks, for the archive export.
    func copy(_ key: String, to destination: URL) throws
    func delete(_ key: String) async throws
    /// A place for uploads in progress, on the same file system as the store where it is a folder.
    var temporaryDirectory: URL { get }
}

struct DiskAttachmentStore: AttachmentStore {
    let root: URL

    init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    var temporaryDirectory: URL { root.appendingPathComponent("tmp") }

    /// Keys are UUIDs; two levels of folders keep any one folder small.
    func path(_ key: String) throws -> URL {
        guard key.count >= 8, key.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw Abort(.internalServerError, reason: "bad attachment key")
        }
        let k = key.lowercased()
        return root.appendingPathComponent(String(k.prefix(2))).appendingPathComponent(
            String(k.dropFirst(2).prefix(2))
        ).appendingPathComponent(k)
    }

    func put(_ key: String, from file: URL) async throws {
        let target = try path(key)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        try FileManager.default.moveItem(at: file, to: target)
    }

    func body(_ key: String, size: Int64) throws -> Response.Body {
        let handle = try FileHandle(forReadingFrom: try path(key))
        return Response.Body(
            asyncStream: { writer in
                do {
                    while let data = try handle.read(upToCount: 256 * 1024), !data.isEmpty {
                        try await writer.write(.buffer(ByteBuffer(data: data)))
                    }
                    try? handle.close()
                    try await writer.write(.end)
                } catch {
                    try? handle.close()
                    try await writer.write(.error(error))
                }
            }, count: Int(size))
    }

    func stream(_ key: String, size: Int64) throws -> HTTPBody {
        let handle = try FileHandle(forReadingFrom: try path(key))
        let chunks = AsyncThrowingStream<ArraySlice<UInt8>, any Error> { continuation in
            Task {
                do {
                    while let data = try handle.read(upToCount: 256 * 1024), !data.isEmpty {
                        continuation.yield(ArraySlice(data))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
                try? handle.close()
            }
        }
        return HTTPBody(chunks, length: .known(size), iterationBehavior: .single)
    }

    func copy(_ key: String, to destination: URL) throws {
        try FileManager.default.copyItem(at: try path(key), to: destination)
    }

    func delete(_ key: String) async throws {
        let p = try path(key)
        if FileManager.default.fileExists(atPath: p.path) { try FileManager.default.removeItem(at: p) }
    }
}
