import Testing

/// The Kernels layer's suites (MATH.md 3, 4), nested here so that `swift test --filter Kernels`
/// selects exactly them.
@Suite enum Kernels {}
