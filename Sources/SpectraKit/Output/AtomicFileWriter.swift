#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Why an output file could not be written; always names the path.
public enum FileWriteError: Error, Equatable, CustomStringConvertible {
    case directoryMissing(path: String)
    case notADirectory(path: String)
    case isADirectory(path: String)
    case permissionDenied(path: String)
    case noSpace(path: String)
    /// Any other system failure, with the C library's message.
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .directoryMissing(let path): return "cannot write '\(path)': its directory does not exist"
        case .notADirectory(let path): return "cannot write '\(path)': a component of the path is not a directory"
        case .isADirectory(let path): return "cannot write '\(path)': it is a directory"
        case .permissionDenied(let path): return "cannot write '\(path)': permission denied"
        case .noSpace(let path): return "cannot write '\(path)': no space left on the device"
        case let .failed(path, reason): return "cannot write '\(path)': \(reason)"
        }
    }
}

/// The library's one way of touching files: an output written all-or-nothing.
///
/// The text goes to a temporary file `.NAME.XXXXXX.tmp` in the target's directory (same file
/// system, so the rename is atomic), is flushed to disk, then renamed over the target. A reader
/// sees the old file or the new one, never a part; on any failure the temporary file is removed
/// and the old file is untouched. A new file gets mode 0644, a replaced one keeps its mode; a
/// symbolic link is followed, so the file it points to is replaced. Standard output (`-`) is the
/// command layer's business, not this type's.
public enum AtomicFileWriter {
    public static func write(_ text: String, to path: String) throws(FileWriteError) {
        try write(text, to: path, beforeRename: { _ in })
    }

    /// `beforeRename` receives the temporary file's path once it is written: a seam for tests
    /// to inject a failure at the last moment.
    static func write(
        _ text: String, to path: String, beforeRename: (String) throws -> Void
    ) throws(FileWriteError) {
        guard !path.isEmpty else { throw .failed(path: path, reason: "the file name is empty") }
        let target = resolvingSymbolicLink(path)
        var status = stat()
        let exists = stat(target, &status) == 0
        if exists, (status.st_mode & S_IFMT) == S_IFDIR { throw .isADirectory(path: path) }
        let mode: mode_t = exists ? status.st_mode & 0o7777 : 0o644

        let (fd, temporary) = try createTemporary(beside: target, path: path)
        var isOpen = true
        do throws(FileWriteError) {
            try writeAll(text, to: fd, path: path)
            guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw error(errno, path: path) }
            isOpen = false  // even a failed close releases the descriptor
            guard close(fd) == 0 else { throw error(errno, path: path) }
            do { try beforeRename(temporary) } catch { throw .failed(path: path, reason: "\(error)") }
            guard rename(temporary, target) == 0 else { throw error(errno, path: path) }
        } catch {
            if isOpen { _ = close(fd) }
            _ = unlink(temporary)
            throw error
        }
    }

    /// Checks, before long work, that `write(_:to:)` could write `path` now: it is not a
    /// directory, and a file can be created in its directory (a temporary one, removed at once;
    /// the target itself is not touched). The write at the end still checks everything again.
    public static func checkWritable(_ path: String) throws(FileWriteError) {
        guard !path.isEmpty else { throw .failed(path: path, reason: "the file name is empty") }
        let target = resolvingSymbolicLink(path)
        var status = stat()
        if stat(target, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { throw .isADirectory(path: path) }
        let (fd, temporary) = try createTemporary(beside: target, path: path)
        _ = close(fd)
        _ = unlink(temporary)
    }

    /// A new empty file `.NAME.XXXXXX.tmp` in the directory of `target`, open for writing.
    private static func createTemporary(beside target: String, path: String) throws(FileWriteError) -> (Int32, String) {
        let (directory, name) = split(target)
        var template = Array("\(directory)/.\(name).XXXXXX.tmp".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemps($0, 4) } ?? -1 }
        guard fd >= 0 else { throw error(errno, path: path) }
        return (fd, String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    private static func writeAll(_ text: String, to fd: Int32, path: String) throws(FileWriteError) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw error(errno, path: path)
            }
            offset += n
        }
    }

    /// (directory, last component); "." for a bare file name.
    private static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func resolvingSymbolicLink(_ path: String) -> String {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK,
              let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func error(_ code: Int32, path: String) -> FileWriteError {
        switch code {
        case ENOENT: return .directoryMissing(path: path)
        case ENOTDIR: return .notADirectory(path: path)
        case EISDIR: return .isADirectory(path: path)
        case EACCES, EPERM, EROFS: return .permissionDenied(path: path)
        case ENOSPC, EDQUOT: return .noSpace(path: path)
        default: return .failed(path: path, reason: String(cString: strerror(code)))
        }
    }
}
