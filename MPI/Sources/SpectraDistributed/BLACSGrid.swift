import CScaLAPACK

/// This rank's place in the BLACS process grid of a block-cyclic layout (row-major, like
/// `ProcessGrid`), for the duration of `with`: the grid's context, this rank's process row and
/// column, and the size of its local part of the n x n matrix.
struct BLACSGrid {
    let layout: BlockCyclicLayout
    let context: Int32
    let row: Int
    let column: Int
    /// Local rows and columns of the n x n matrix on this rank.
    let np: Int
    let nq: Int
    /// Leading dimension of this rank's local arrays: max(1, np).
    let lld: Int

    /// Sets up the BLACS grid of `layout` on every rank, runs `body`, and releases the grid
    /// (whether `body` returns or throws).
    static func with<T, E: Error>(_ layout: BlockCyclicLayout, _ body: (BLACSGrid) throws(E) -> T) throws(E) -> T {
        let grid = layout.grid
        var context: Int32 = 0
        Cblacs_get(-1, 0, &context)
        Cblacs_gridinit(&context, "Row", Int32(grid.rows), Int32(grid.columns))
        var rows: Int32 = 0, columns: Int32 = 0, myRow: Int32 = 0, myColumn: Int32 = 0
        Cblacs_gridinfo(context, &rows, &columns, &myRow, &myColumn)
        defer { Cblacs_gridexit(context) }
        let np = layout.localRows(processRow: Int(myRow))
        return try body(BLACSGrid(layout: layout, context: context, row: Int(myRow), column: Int(myColumn), np: np,
                                  nq: layout.localColumns(processColumn: Int(myColumn)), lld: Swift.max(1, np)))
    }

    /// The ScaLAPACK descriptor of a global `rows` x `columns` matrix in the layout's square
    /// blocks on this grid, local leading dimension `lld`; with descinit's info (0: accepted).
    func descriptor(rows: Int, columns: Int) -> (descriptor: [Int32], info: Int32) {
        var descriptor = [Int32](repeating: 0, count: 9)
        var m = Int32(rows), n = Int32(columns), nb = Int32(layout.blockSize), zero: Int32 = 0
        var context = self.context, lld = Int32(self.lld), info: Int32 = 0
        descinit_(&descriptor, &m, &n, &nb, &nb, &zero, &zero, &context, &lld, &info)
        return (descriptor, info)
    }
}
