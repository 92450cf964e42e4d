import Testing
@testable import SpectraKit

@Suite struct PointSetTests {
    @Test func parsesCommaTabAndWhitespaceWithHeaderBlankLinesAndComments() throws {
        let csv = "\u{FEFF}x, y ,z\r\n\r\n1,0,0\r\n# a comment\n 0.5 , -0.5,\"0.25\"\n"
        let a = try PointSet.parse(csv)
        #expect(a.count == 2 && a.dimension == 3)
        #expect(a.columnNames == ["x", "y", "z"])
        #expect(a.coordinates == [1, 0, 0, 0.5, -0.5, 0.25])
        #expect(a.sourceLines == [3, 5])

        let tsv = "1\t2\n3\t4"
        let b = try PointSet.parse(tsv)
        #expect(b.coordinates == [1, 2, 3, 4] && b.columnNames == nil)

        let spaces = "  1   2e-3\t 3\n\n4 5 6  \n"
        let c = try PointSet.parse(spaces, delimiter: .whitespace)
        #expect(c.dimension == 3 && c.coordinates == [1, 2e-3, 3, 4, 5, 6])
        #expect(try PointSet.parse("1 2\r3 4").count == 2)   // old Mac line ends
    }

    @Test func numbersReadBackExactly() throws {
        let values = [0.1, -1.0 / 3.0, 1e-300, 6.02214076e23, .leastNonzeroMagnitude]
        let text = stride(from: 0, to: values.count - 1, by: 1).map { "\(values[$0]),\(values[$0 + 1])" }.joined(separator: "\n")
        let p = try PointSet.parse(text)
        #expect(p[point: 0] == [0.1, -1.0 / 3.0])
        #expect(p[point: 3] == [6.02214076e23, .leastNonzeroMagnitude])
    }

    /// Columns are found by name (--target), so a header may not name two columns alike.
    @Test func duplicateHeaderNamesAreRefusedWithBothPositions() {
        #expect(throws: PointSetError.duplicateColumnName("x", line: 2, first: 1, second: 3)) {
            _ = try PointSet.parse("# comment\nx,y,x\n1,2,3\n")
        }
        #expect(PointSetError.duplicateColumnName("x", line: 2, first: 1, second: 3).description.contains("columns 1 and 3"))
        #expect(throws: LabeledDataError.parse(.duplicateColumnName("y", line: 1, first: 2, second: 3))) {
            try LabeledData.parse("a,y,y\n1,2,3\n", target: "y")
        }
    }

    @Test func errorsNameLineAndColumn() {
        #expect(throws: PointSetError.nonNumeric(line: 3, column: 2, text: "abc")) {
            _ = try PointSet.parse("a,b\n1,2\n3,abc\n")
        }
        #expect(throws: PointSetError.nonFinite(PointLocation(point: 1, line: 3), column: 1, value: "nan")) {
            _ = try PointSet.parse("1,2\n\nnan,2\n")
        }
        #expect(throws: PointSetError.nonFinite(PointLocation(point: 0, line: 1), column: 2, value: "-inf")) {
            _ = try PointSet.parse("1,-inf\n")
        }
        #expect(throws: PointSetError.unequalRowLength(PointLocation(point: 1, line: 2), found: 2, expected: 3)) {
            _ = try PointSet.parse("1,2,3\n4,5\n")
        }
        #expect(throws: PointSetError.unequalRowLength(PointLocation(point: 0, line: 2), found: 2, expected: 3)) {
            _ = try PointSet.parse("x,y,z\n4,5\n")
        }
        #expect(throws: PointSetError.emptyCell(line: 1, column: 2)) { _ = try PointSet.parse("1,,3\n") }
        #expect(throws: PointSetError.emptyCell(line: 1, column: 3)) { _ = try PointSet.parse("1,2,\n") }
        #expect(throws: PointSetError.dimensionTooSmall(1)) { _ = try PointSet.parse("1\n2\n") }
        #expect(throws: PointSetError.noRows) { _ = try PointSet.parse("") }
        #expect(throws: PointSetError.noRows) { _ = try PointSet.parse("\n\n# only a comment\n") }
        #expect(throws: PointSetError.noRows) { _ = try PointSet.parse("x,y\n") }
        let message = PointSetError.nonNumeric(line: 3, column: 2, text: "abc").description
        #expect(message == "line 3, column 2: 'abc' is not a number")
    }

    @Test func normalizationProjectsAndRejectsZeroRows() throws {
        let p = try PointSet.parse("3,4\n0,-2\n1e200,1e200\n1e-200,0\n")
        let q = try p.normalizedOntoSphere()
        #expect(q[point: 0] == [0.6, 0.8])
        #expect(q[point: 1] == [0, -1])
        #expect(abs(q[point: 2][0] - 0.5.squareRoot()) < 2e-16)   // no overflow in the norm
        #expect(q[point: 3] == [1, 0])                              // no underflow either
        try q.requireOnSphere(tolerance: 1e-15)
        #expect(throws: PointSetError.zeroRow(PointLocation(point: 1, line: 3))) {
            _ = try PointSet.parse("1,0\n\n0,0\n").normalizedOntoSphere()
        }
    }

    /// Found by Fuzz/ (fuzz-point-set): dividing subnormal coordinates by their subnormal
    /// norm, which has only a few significant bits, gave [5e-324, 5e-324] the norm sqrt(2).
    @Test func projectionOfSubnormalRowsHasUnitNorm() throws {
        let p = try PointSet.parse("5e-324,5e-324\n1e-320,3e-321\n")
        let q = try p.normalizedOntoSphere()
        #expect(abs(q[point: 0][0] - 0.5.squareRoot()) < 2e-16 && q[point: 0][0] == q[point: 0][1])
        try q.requireOnSphere(tolerance: 1e-15)
    }

    @Test func offSphereRowsAreRejectedWithAHintToNormalize() throws {
        let p = try PointSet.parse("1,0\n0.6,0.8\n0.7,0.7\n")
        do {
            try p.requireOnSphere()
            Issue.record("expected a refusal")
        } catch {
            #expect(error == .offSphere(PointLocation(point: 2, line: 3), norm: p.norm(ofPoint: 2), tolerance: 1e-6))
            #expect(error.description.contains("line 3") && error.description.contains("--normalize"))
        }
        try PointSet.parse("1,0\n0.6,0.8000001\n").requireOnSphere()   // within 1e-6
    }

    @Test func initialisersValidateShape() {
        #expect(throws: PointSetError.unequalRowLength(PointLocation(point: 1, line: nil), found: 1, expected: 2)) {
            _ = try PointSet(rows: [[1, 2], [3]])
        }
        #expect(throws: PointSetError.nonFinite(PointLocation(point: 1, line: nil), column: 2, value: "inf")) {
            _ = try PointSet(rows: [[1, 2], [3, .infinity]])
        }
        #expect(throws: PointSetError.noRows) { _ = try PointSet(rows: []) }
    }
}
