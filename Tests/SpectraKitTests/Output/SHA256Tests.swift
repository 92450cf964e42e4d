import Foundation
import Testing
@testable import SpectraKit

extension OutputTests {
    /// FIPS 180-4's examples and the empty message, plus a message across the 55/56-byte padding
    /// boundary and a million 'a's (NIST's long example).
    @Suite struct SHA256Tests {
        @Test func nistVectors() {
            let cases: [(String, String)] = [
                ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ]
            for (text, hex) in cases { #expect(SHA256.hexDigest(Array(text.utf8)) == hex, "\(text)") }
            #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: 1_000_000))
                    == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }
    }
}
