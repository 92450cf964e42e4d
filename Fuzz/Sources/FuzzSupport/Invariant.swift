/// A checked invariant of a parser: when it does not hold, the process traps with `message`
/// on standard error, and libFuzzer saves the input as a crash (crash-<sha1> in its directory).
public func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("invariant violated: " + message(), file: file, line: line) }
}

/// libFuzzer's bytes as text, the way the command line reads a file or an argument: UTF-8,
/// with invalid sequences replaced (the parsers see only valid strings).
public func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
}

/// The text up to the first newline and the rest, for targets that take two inputs.
public func firstLineAndRest(_ text: String) -> (String, String) {
    guard let newline = text.firstIndex(of: "\n") else { return (text, "") }
    return (String(text[..<newline]), String(text[text.index(after: newline)...]))
}

/// What `parse` returns, or nil when it refuses the input; a refusal must carry a message.
public func accepted<T>(_ parse: () throws -> T) -> T? {
    do {
        return try parse()
    } catch {
        invariant(!String(describing: error).isEmpty, "a refusal without a message")
        return nil
    }
}
