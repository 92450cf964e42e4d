import Foundation
@testable import SpectraKit

/// Small tidy tables in the shapes the commands write, and real ones computed by the library.
enum FigureFixtures {
    static func table(_ csv: String) throws -> Table { try DelimitedTableReader.read(csv) }

    /// mu_k = 10^-k/2... exact values chosen to sit on decades: degree 1 -> 1e-1 ... and one
    /// degree 0 row, odd-degree zeros when `zeros`.
    static func spectrum(zeros: Bool = false) throws -> Table {
        var lines = ["kernel,dimension,degree,multiplicity,eigenvalue,error_estimate,reliability",
                     "laplace:c=1,3,0,1,0.5,1e-30,accurate"]
        for k in 1...10 {
            let mu = zeros && k % 2 == 1 ? 0 : pow(Double(k), -3) * 0.1
            lines.append("laplace:c=1,3,\(k),\(2 * k + 1),\(mu),1e-30,\(mu == 0 ? "exact_zero" : "accurate")")
        }
        return try table(lines.joined(separator: "\n") + "\n")
    }

    static let fit = """
    kernel,dimension,method,exponent,stderr,prefactor,r2,degree_from,degree_to,parity,points,theoretical_exponent,shifted_exponent,shifted_stderr,note
    laplace:c=1,3,analytic,3.0,0.0,0.1,1.0,2,10,all,9,3.0,,,

    """

    /// Every figure kind from a small table of its shape.
    static func allKinds() throws -> [(FigureKind, Figure)] {
        let spectrum = try spectrum(zeros: true), fitTable = try table(fit)
        let slopes = try table("""
        kernel,degree_from,degree_to,exponent,stderr,points
        laplace:c=1,10,20,2.9,0.01,11
        laplace:c=1,20,40,2.95,0.01,21
        laplace:c=1,40,80,2.99,0.005,41

        """)
        let gram = try table("""
        kernel,dimension,degree,multiplicity,eigenvalue,analytic,block_start,block_end,complete
        ntk,3,0,1,1.2,1.25,1,1,true
        ntk,3,1,3,0.3,0.31,2,4,true
        ntk,3,2,5,0.04,0.041,5,9,true
        ntk,3,3,7,-1e-18,0,10,16,true
        ntk,3,4,9,0.004,0.0041,17,25,true

        """)
        let energies = try table("kernel,index,degree,energy\n" + (1...4).flatMap { i in
            (0...2).map { k in "ntk,\(i),\(k),\(k == (i + 1) / 2 ? 0.9 : 0.05)" }
        }.joined(separator: "\n") + "\n")
        let alignment = try table("kernel_a,kernel_b,m,overlap,largest_angle\nntk,laplace,1,1.0,0\nntk,laplace,4,0.98,0.1\nntk,laplace,9,0.97,0.2\n")
        let partial = try table("target,kernel,degree,coefficient,term,partial_sum\nrelu,ntk,0,0.5,0,0\nrelu,ntk,1,0.3,0.2,0.2\nrelu,ntk,2,0.1,0.1,0.3\nrelu,ntk,4,0.01,0.05,0.35\n")
        var initLines = ["activation,depth,width,weight_var,bias_var,chi,phase,seed,relative_error,trace_ratio"]
        for width in [16, 64, 256] {
            for seed in 1...3 {
                initLines.append("relu,3,\(width),2.0,0.0,1.0,critical,\(seed),\(1 / Double(width).squareRoot() * (1 + 0.1 * Double(seed))),1.0")
            }
        }
        var trainLines = ["activation,depth,width,weight_var,bias_var,chi,phase,seed,step,train_mse,test_mse,kernel_change,ntk_train_mse,ntk_test_mse,prediction_gap,step_size,lambda_max"]
        for width in [64, 256] {
            for seed in 1...2 {
                for step in [0, 10, 20] {
                    trainLines.append("relu,3,\(width),2.0,0.0,1.0,critical,\(seed),\(step),\(1.0 / Double(step + 1)),\(1.2 / Double(step + 1)),\(Double(step) / 100),0.5,0.5,0.1,0.01,10")
                }
            }
        }
        let addLayer = try table("""
        model,depth,seeds,mean_test_mse,test_mse_sd,change,change_sd
        network,3,4,0.5,0.05,,
        network,4,4,0.52,0.04,0.02,0.01
        ntk_regression,3,4,0.45,0.03,,
        ntk_regression,4,4,0.46,0.03,0.01,0.01

        """)
        let regress = try table("""
        kernel,task,preprocess,ridge,ridge_source,metric,value,train_size,test_size,fallback
        ntk,regression,sphere,0.1,given,test_mse,0.4,100,20,no
        laplace:c=1,regression,sphere,0.1,given,test_mse,0.45,100,20,no

        """)
        return [
            (.phase, try FigureBuilder.build(FigureSpec(kind: .phase), table: try table(phaseSummary))),
            (.decay, try FigureBuilder.build(FigureSpec(kind: .decay), table: spectrum, fit: fitTable)),
            (.slopes, try FigureBuilder.build(FigureSpec(kind: .slopes), table: slopes, fit: fitTable)),
            (.gram, try FigureBuilder.build(FigureSpec(kind: .gram), table: gram)),
            (.projections, try FigureBuilder.build(FigureSpec(kind: .projections), table: energies)),
            (.overlap, try FigureBuilder.build(FigureSpec(kind: .overlap), table: alignment)),
            (.partialSums, try FigureBuilder.build(FigureSpec(kind: .partialSums), table: partial)),
            (.width, try FigureBuilder.build(FigureSpec(kind: .width), table: try table(initLines.joined(separator: "\n")))),
            (.training, try FigureBuilder.build(FigureSpec(kind: .training), table: try table(trainLines.joined(separator: "\n")))),
            (.bars, try FigureBuilder.build(FigureSpec(kind: .bars), table: addLayer)),
            (.bars, try FigureBuilder.build(FigureSpec(kind: .bars), table: regress)),
        ]
    }

    /// A `finite init --table summary` over depths 2, 4, 6 and weight variances 1, 1.5, 2.5, 3 (ReLU,
    /// no bias): relative_spread = 0.01 * depth * weight_var^3, from 0.02 to 4.86.
    static var phaseSummary: String {
        var lines = ["activation,depth,width,weight_var,bias_var,chi,phase,seeds,mean_relative_error,relative_spread,mean_deviation"]
        for w in [1.0, 1.5, 2.5, 3.0] {
            for depth in [2, 4, 6] {
                lines.append("relu,\(depth),64,\(w),0.0,\(w / 2),x,4,0.1,\(0.01 * Double(depth) * w * w * w),0.1")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
