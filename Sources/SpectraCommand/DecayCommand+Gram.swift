import ArgumentParser
import Foundation
import SpectraKit

extension DecayCommand {
    func runGram(_ kernels: [KernelSpec]) throws {
        let (points, origin, offSphere) = try gramOptions.points.load(dimension: dim, needing: "--method gram")
        let range = try fitRange.map { _ in try parsedFitRange(upTo: maxDegree) }
        let studies = try studies(of: kernels, doing: "Gram matrix of \(points.count) points and its eigenvalues") { spec, phase in
            do {
                return try GramDecayStudy(kernel: spec.kernel, points: points, offSphere: offSphere,
                                          memoryBudget: MemoryBudget.availableBytes(), origin: origin,
                                          fitRange: range, parity: parity, maxDegree: maxDegree, top: gramOptions.top,
                                          assignment: gramOptions.assignDegrees, onPhase: phase)
            } catch let error as HarmonicProjectionError {
                throw CommandError.failure("--assign-degrees projection: \(error)")
            } catch let error as EmpiricalSpectrumError {
                throw gramOptions.points.data.map { CommandError.data("--data \($0): \(error)") } ?? CommandError.failure("\(error)")
            }
        }
        try emitEmpirical(studies, pointCount: points.count, seed: gramOptions.points.seedUsed)
    }

    func runGrid(_ kernels: [KernelSpec]) throws {
        guard let n = gramOptions.points.samples, n >= 2 else { throw CommandError.usage("--method grid needs --samples N (N >= 2)") }
        if gramOptions.points.data != nil { throw CommandError.usage("--data belongs to --method gram; --method grid builds its own points") }
        if gramOptions.top != nil { throw CommandError.usage("--top belongs to --method gram; a grid's spectrum comes whole from its Fourier modes") }
        let budget = MemoryBudget.availableBytes()
        let plan: GridPlan
        do {
            plan = try GridPlan(dimension: dim, approximateCount: n, latitudes: gramOptions.latitudes, memoryBudget: budget)
        } catch {
            if case .insufficientMemory = error { throw CommandError.usage("--samples \(n): \(error)") }
            throw CommandError.usage("--method grid: \(error) (structured grids exist for --dim 2 and 3)")
        }
        let range = try fitRange.map { _ in try parsedFitRange(upTo: maxDegree) }
        let studies = try studies(of: kernels, doing: "grid of \(plan.count) points, Fourier modes by FFT") { spec, _ in
            do {
                return try GramDecayStudy(kernel: spec.kernel, grid: plan, weighting: gramOptions.gridWeights,
                                          memoryBudget: budget, fitRange: range, parity: parity, maxDegree: maxDegree)
            } catch let error as GridSpectrumError {
                throw CommandError.usage("--samples \(n): \(error)")
            }
        }
        try emitEmpirical(studies, pointCount: plan.count, seed: nil)
    }

    /// Output of the gram and grid methods.
    func emitEmpirical(_ studies: [GramDecayStudy], pointCount: Int, seed: UInt64?) throws {
        let format = outputOptions.format
        let naming = try kernelOptions.naming()
        if format == .json && table == nil {
            let json = GramDecayReport.json(studies, command: Invocation.commandLine, samples: pointCount, seed: seed,
                                            timings: gramOptions.timings)
            try Emitter.emit(try Sections.json(json, naming: naming), to: outputOptions.output)
            return
        }
        let sections = [
            Section(key: "spectrum", title: "Empirical eigenvalues grouped by degree (\(method.rawValue), n = \(pointCount), d = \(dim))",
                    table: try GramDecayReport.spectrumTable(studies)),
            Section(key: "fit", title: "Power-law fit over degrees, and index form lambda_i ~ i^-q (q = p/(d-1))",
                    table: try GramDecayReport.fitTable(studies)),
            Section(key: "eigenvalues", title: "All eigenvalues", table: try GramDecayReport.eigenvaluesTable(studies), shown: false),
        ]
        try Emitter.emit(try Sections.render(sections, format: format, choice: table?.rawValue, preferred: "spectrum", naming: naming),
                         to: outputOptions.output)
    }
}

/// Memory the Gram method may use: MemAvailable from /proc/meminfo (Linux), else 8 GiB.
enum MemoryBudget {
    static func availableBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return 8 << 30 }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let kib = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            if let kib { return kib * 1024 }
        }
        return 8 << 30
    }
}
