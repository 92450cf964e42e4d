@testable import SpectraKit

/// Shared helpers for the Kernels suites.
enum KernelTestSupport {
    static func kernel(_ spec: String) throws -> any CatalogueKernel {
        try KernelSpec(parsing: spec).kernel
    }

    /// t = 1 - e in double-double with exact complements.
    static func nearOne(_ e: Double) -> CosineArgument<DoubleDouble> {
        CosineArgument(t: DoubleDouble(1.0) - DoubleDouble(e), oneMinusT: DoubleDouble(e),
                       onePlusT: DoubleDouble(2.0) - DoubleDouble(e))
    }

    /// t = -1 + e in double-double with exact complements.
    static func nearMinusOne(_ e: Double) -> CosineArgument<DoubleDouble> {
        CosineArgument(t: DoubleDouble(e) - DoubleDouble(1.0), oneMinusT: DoubleDouble(2.0) - DoubleDouble(e),
                       onePlusT: DoubleDouble(e))
    }

    /// Angles graded toward 0 and pi (where the profiles are singular) plus a uniform grid.
    static let angles: [Double] = {
        var thetas = (0...64).map { Double.pi * Double($0) / 64 }
        for k in 1...15 {
            let small = Double.pi * Foundation.pow(10, -Double(k))
            thetas += [small, Double.pi - small]
        }
        return thetas
    }()

    /// Every kernel shape of the catalogue, in specs.
    static let catalogue = [
        "ntk", "ntk:depth=3,bias_var=0.25", "ntk:depth=5,weight_var=1.7,bias_var=0.3,beta=0.4",
        "ntk:depth=4,input_var=1,beta=0.5", "ntk:depth=3,normalize=true", "nngp", "nngp:depth=3,bias_var=0.25",
        "ntk:activation=erf", "ntk:activation=erf,depth=4,bias_var=0.1,beta=1", "nngp:activation=erf,depth=3",
        "arccos:order=0", "arccos:order=1", "arccos:order=2",
        "laplace", "laplace:c=3", "gexp:gamma=0.5,c=2", "gexp:gamma=1.7", "gaussian:c=0.5",
        "matern", "matern:nu=0.5,ell=2", "matern:nu=2.5,ell=0.7", "matern:nu=0.75", "matern:nu=3.3,ell=0.4",
        "poly", "poly:degree=5,c=0.5", "poly:degree=3,c=0",
    ]
}

import Foundation
