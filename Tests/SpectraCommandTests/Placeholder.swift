import Testing
@Suite struct CommandSmokePlaceholder { @Test func placeholder() { #expect(1 + 1 == 2) } }
