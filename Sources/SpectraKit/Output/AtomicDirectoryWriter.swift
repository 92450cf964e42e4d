import Foundation

/// A folder of output files written all-or-nothing: the files go to a new sibling folder
/// `.NAME.tmp-PID`, which then takes the target's place (the old folder, if any, is moved aside
/// first and removed after). A run that fails before the swap leaves the target as it was.
/// Files are given by their path relative to the folder; subfolders are created.
public enum AtomicDirectoryWriter {
    /// Checks, before any work, that `path` can become the folder: not an existing file, and a
    /// parent folder that exists and can be written.
    public static func checkWritable(_ path: String) throws(FileWriteError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw .failed(path: path, reason: "it is a file, not a folder")
        }
        let parent = (path as NSString).deletingLastPathComponent
        let parentPath = parent.isEmpty ? "." : parent
        guard manager.fileExists(atPath: parentPath, isDirectory: &isDirectory) else { throw .directoryMissing(path: path) }
        guard isDirectory.boolValue else { throw .notADirectory(path: path) }
        guard manager.isWritableFile(atPath: parentPath) else { throw .permissionDenied(path: path) }
    }

    /// Writes `files` (relative path -> contents) as the folder `path`, replacing what was there.
    public static func write(_ files: [(path: String, contents: String)], to path: String) throws(FileWriteError) {
        try checkWritable(path)
        let manager = FileManager.default
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let parent = (trimmed as NSString).deletingLastPathComponent
        let name = (trimmed as NSString).lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = (parent.isEmpty ? "" : parent + "/") + ".\(name).tmp-\(pid)"
        let aside = (parent.isEmpty ? "" : parent + "/") + ".\(name).old-\(pid)"
        do {
            try? manager.removeItem(atPath: staging)
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
            for file in files {
                let target = staging + "/" + file.path
                try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AtomicFileWriter.write(file.contents, to: target)
            }
            let existed = manager.fileExists(atPath: trimmed)
            if existed { try manager.moveItem(atPath: trimmed, toPath: aside) }
            do { try manager.moveItem(atPath: staging, toPath: trimmed) } catch {
                if existed { try? manager.moveItem(atPath: aside, toPath: trimmed) }
                throw error
            }
            if existed { try? manager.removeItem(atPath: aside) }
        } catch let error as FileWriteError {
            try? manager.removeItem(atPath: staging)
            throw error
        } catch {
            try? manager.removeItem(atPath: staging)
            throw .failed(path: path, reason: "\(error.localizedDescription)")
        }
    }
}
