import CMPI
import Foundation

/// MPI_COMM_WORLD: who this process is, and the few collectives spectra-mpi needs.
/// `start()` once before anything else, `finish()` once before exit.
public struct Communicator: Sendable {
    public let rank: Int
    public let size: Int
    /// Processes of this job on this machine (MPI_COMM_TYPE_SHARED), for the default memory per rank.
    public let ranksOnThisNode: Int

    /// MPI_Init_thread (funneled: only the main thread calls MPI; Dispatch workers assemble tiles).
    public static func start() -> Communicator {
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided)
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(spectra_mpi_comm_world(), &rank)
        MPI_Comm_size(spectra_mpi_comm_world(), &size)
        var node: MPI_Comm? = nil
        MPI_Comm_split_type(spectra_mpi_comm_world(), spectra_mpi_comm_type_shared(), rank, spectra_mpi_info_null(), &node)
        var local: Int32 = 1
        if let shared = node {
            MPI_Comm_size(shared, &local)
            MPI_Comm_free(&node)
        }
        return Communicator(rank: Int(rank), size: Int(size), ranksOnThisNode: Int(local))
    }

    public func finish() { MPI_Finalize() }

    public var isRoot: Bool { rank == 0 }

    /// The largest of every rank's `value`, on every rank.
    public func maximum(_ value: Double) -> Double { allReduce([value], spectra_mpi_max())[0] }
    public func maximum(_ value: Int) -> Int { allReduce([value], spectra_mpi_max())[0] }
    public func minimum(_ value: Int) -> Int { allReduce([value], spectra_mpi_min())[0] }

    /// Element-wise sums over ranks, on every rank.
    public func sum(_ values: [Double]) -> [Double] { allReduce(values, spectra_mpi_sum()) }

    func allReduce(_ values: [Double], _ op: MPI_Op) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { v in
            result.withUnsafeMutableBufferPointer { r in
                _ = MPI_Allreduce(v.baseAddress, r.baseAddress, Int32(values.count), spectra_mpi_double(), op, spectra_mpi_comm_world())
            }
        }
        return result
    }

    func allReduce(_ values: [Int], _ op: MPI_Op) -> [Int] {
        var result = [Int](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { v in
            result.withUnsafeMutableBufferPointer { r in
                _ = MPI_Allreduce(v.baseAddress, r.baseAddress, Int32(values.count), spectra_mpi_long(), op, spectra_mpi_comm_world())
            }
        }
        return result
    }

    /// Every rank learns whether all succeeded; the first failure by rank order (its message,
    /// broadcast from that rank) is returned on every rank. Keeps a failure on one rank from
    /// leaving the others waiting in a collective.
    public func agree(_ failure: String?) -> String? {
        let firstFailing = minimum(failure == nil ? Int.max : rank)
        guard firstFailing != Int.max else { return nil }
        var bytes = Array((failure ?? "").utf8)
        var count = Int32(bytes.count)
        MPI_Bcast(&count, 1, spectra_mpi_int32(), Int32(firstFailing), spectra_mpi_comm_world())
        if rank != firstFailing { bytes = [UInt8](repeating: 0, count: Int(count)) }
        bytes.withUnsafeMutableBufferPointer { b in
            _ = MPI_Bcast(b.baseAddress, count, spectra_mpi_byte(), Int32(firstFailing), spectra_mpi_comm_world())
        }
        let message = String(decoding: bytes, as: UTF8.self)
        return firstFailing == rank || size == 1 ? message : "rank \(firstFailing): \(message)"
    }

    /// Every rank's `values` on rank 0, in rank order (nil on the other ranks); `counts[r]` is
    /// how many rank r sends, known to every rank. Point to point, one message per rank, so no
    /// total count has to fit MPI's 32-bit counts (each rank's must).
    public func gatherToRoot(_ values: [Double], counts: [Int]) -> [[Double]]? {
        precondition(counts.count == size && counts[rank] == values.count, "gatherToRoot: counts do not match")
        guard isRoot else {
            values.withUnsafeBufferPointer { v in
                _ = MPI_Send(v.baseAddress, Int32(values.count), spectra_mpi_double(), 0, 0, spectra_mpi_comm_world())
            }
            return nil
        }
        var pieces: [[Double]] = [values]
        for r in 1..<Swift.max(size, 1) {
            var piece = [Double](repeating: 0, count: counts[r])
            piece.withUnsafeMutableBufferPointer { p in
                _ = MPI_Recv(p.baseAddress, Int32(counts[r]), spectra_mpi_double(), Int32(r), 0, spectra_mpi_comm_world(), nil)
            }
            pieces.append(piece)
        }
        return pieces
    }

    /// Seconds since an arbitrary origin (MPI_Wtime).
    public static func now() -> Double { MPI_Wtime() }
}
