import Testing
@testable import SpectraKit

@Suite struct LabeledDataTests {
    /// Found by Fuzz/ (fuzz-labeled-data): a header cell left empty (",x,y" or a leading tab)
    /// was a column named "", which --target "" then selected.
    @Test func emptyColumnNamesAreRefused() {
        #expect(throws: LabeledDataError.unnamedColumn(column: 1)) { try LabeledData.parse("\tx\n0\t7\n", target: "x") }
        #expect(throws: LabeledDataError.unnamedColumn(column: 2)) { try LabeledData.parse("a,\"\",y\n1,2,3\n", target: "") }
    }

    /// Two columns of one name make --target (and the feature names of a report) ambiguous.
    @Test func duplicateColumnNamesAreRefused() {
        #expect(throws: LabeledDataError.parse(.duplicateColumnName("y", line: 1, first: 2, second: 3))) {
            try LabeledData.parse("a,y,y\n1,2,3\n", target: "a")
        }
        let data = try? LabeledData.parse("y,Y\n1,2\n", target: "Y")
        #expect(data?.targets == [2] && data?.featureNames == ["y"])   // names differing in case are distinct
    }
}
