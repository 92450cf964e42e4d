import Testing

/// The output layer's suites, nested here so that `swift test --filter Output` selects them.
@Suite enum OutputTests {}
