import Testing

/// The Kernels layer's suites (docs/kernels.md, docs/decay.md), nested here so that `swift test --filter Kernels`
/// selects exactly them.
@Suite enum Kernels {}
