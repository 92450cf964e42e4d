/// A P = rows x columns process grid, as BLACS numbers it (row-major: rank = row * columns + column).
public struct ProcessGrid: Sendable, Equatable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    /// The squarest grid for `ranks` processes with rows <= columns (ScaLAPACK's and ELPA's
    /// advice: the communication of the reduction to tridiagonal form scales with rows +
    /// columns, smallest for a square grid). A prime P gives 1 x P.
    public static func squarest(ranks: Int) -> ProcessGrid {
        let p = Swift.max(ranks, 1)
        var rows = Int(Double(p).squareRoot())
        while rows > 1 && p % rows != 0 { rows -= 1 }
        return ProcessGrid(rows: rows, columns: p / rows)
    }

    public var count: Int { rows * columns }
    public var description: String { "\(rows) x \(columns)" }
}

/// The 2-D block-cyclic distribution of an n x n matrix in square blocks of `blockSize` over a
/// process grid, first block on process (0, 0) (ScaLAPACK's descriptor with RSRC = CSRC = 0):
/// global block row b lives on process row b mod rows, block column c on process column c mod columns.
public struct BlockCyclicLayout: Sendable, Equatable {
    public let order: Int
    public let blockSize: Int
    public let grid: ProcessGrid

    public init(order: Int, blockSize: Int, grid: ProcessGrid) {
        self.order = order
        self.blockSize = blockSize
        self.grid = grid
    }

    /// The block size chosen when none is given: 64 (the blocking of the reductions in both
    /// ScaLAPACK and ELPA, within ELPA's advised 16...64), smaller when n is so small that 64
    /// would leave a process row or column without a block.
    public static func defaultBlockSize(order n: Int, grid: ProcessGrid) -> Int {
        let perProcess = (n + Swift.max(grid.rows, grid.columns) - 1) / Swift.max(grid.rows, grid.columns)
        return Swift.max(1, Swift.min(64, perProcess))
    }

    /// How many of `n` indices, in blocks of `nb` dealt cyclically over `processes`, land on
    /// `process` (ScaLAPACK's NUMROC with source 0).
    public static func localCount(_ n: Int, blockSize nb: Int, process: Int, processes: Int) -> Int {
        let blocks = n / nb
        var count = (blocks / processes) * nb
        let extra = blocks % processes
        if process < extra { count += nb } else if process == extra { count += n % nb }
        return count
    }

    /// The global index ranges held by `process` along one dimension, in local order.
    public func runs(process: Int, processes: Int) -> [Range<Int>] {
        stride(from: process * blockSize, to: order, by: processes * blockSize).map { $0..<Swift.min($0 + blockSize, order) }
    }

    public func localRows(processRow: Int) -> Int {
        Self.localCount(order, blockSize: blockSize, process: processRow, processes: grid.rows)
    }

    public func localColumns(processColumn: Int) -> Int {
        Self.localCount(order, blockSize: blockSize, process: processColumn, processes: grid.columns)
    }

    public func rowRuns(processRow: Int) -> [Range<Int>] { runs(process: processRow, processes: grid.rows) }
    public func columnRuns(processColumn: Int) -> [Range<Int>] { runs(process: processColumn, processes: grid.columns) }

    /// The largest local matrix (process (0, 0) holds it): rows x columns.
    public var largestLocalShape: (rows: Int, columns: Int) { (localRows(processRow: 0), localColumns(processColumn: 0)) }
}
