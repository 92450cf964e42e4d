/// The normalised associated Gegenbauer functions of one level j >= 3 of the hyperspherical
/// construction of `RealSphericalHarmonics`, in homogeneous (solid) form.
///
/// For 0 <= m <= K let lambda = m + (j-2)/2 and let q_n = q^{(j,m)}_n be the polynomials
/// orthonormal for the probability-normalised weight c_j (1-t^2)^{m+(j-3)/2} = c_j (1-t^2)^{lambda-1/2}
/// (multiples of C_n^{(lambda)}). For y in R^j with u = y_j and rho^2 = |y|^2 this evaluates
///   h_n(u, rho^2) = rho^n q_n(u / rho),
/// a homogeneous polynomial of degree n in (u, rho), by the three-term recurrence of the
/// orthonormal polynomials (Jacobi matrix with a_n^2 = n (n+2 lambda-1) / (4 (n+lambda)(n+lambda-1))):
///   h_0 = 1 / sqrt(g_m),  h_{n+1} = alpha_n u h_n - beta_n rho^2 h_{n-1},
///   alpha_n = 1 / a_{n+1},  beta_n = a_n / a_{n+1},
///   g_m = c_j int (1-t^2)^{m+(j-3)/2} dt = prod_{i=1}^{m} (2i+j-3)/(2i+j-2)
/// (from int (1-t^2)^{p+1} / int (1-t^2)^p = (2p+2)/(2p+3) and g_0 = 1, the c_j of docs/conventions.md).
/// Nothing is formed but these ratios, so no factorial overflows at any degree.
///
/// Stability: on the sphere |u| <= rho and this is the forward recurrence of orthonormal
/// polynomials on [-1, 1], which is stable (errors grow like n ulps at worst relative to
/// max |q_n|, which itself grows only polynomially in n). The constants are computed in
/// double-double and rounded once.
struct AssociatedGegenbauerRecurrence: Sendable {
    /// j, the ambient dimension of this level.
    let level: Int
    let maxDegree: Int
    /// start[m] = h_0 = 1 / sqrt(g_m).
    let start: [Double]
    /// The coefficients of step n -> n + 1 (n = 0 ..< K - m) for order m sit at
    /// stepOffsets[m] + n in `alpha` and `beta`.
    let alpha: [Double]
    let beta: [Double]
    let stepOffsets: [Int]

    init(level j: Int, maxDegree K: Int) {
        level = j
        maxDegree = K
        var start: [Double] = []
        var alpha: [Double] = []
        var beta: [Double] = []
        var stepOffsets: [Int] = []
        var inverseG = DoubleDouble.one
        for m in 0...K {
            if m > 0 { inverseG = inverseG * DoubleDouble(2 * m + j - 2) / DoubleDouble(2 * m + j - 3) }
            start.append(DoubleDouble.sqrt(inverseG).doubleValue)
            stepOffsets.append(alpha.count)
            // twoLambda = 2 lambda = 2m + j - 2 >= 1.
            let twoLambda = 2 * m + j - 2
            for n in 0..<(K - m) {
                // alpha_n^2 = 1/a_{n+1}^2 = (2n+2+2l)(2n+2l) / ((n+1)(n+2l)), l = lambda.
                let a = DoubleDouble(2 * n + 2 + twoLambda) * DoubleDouble(2 * n + twoLambda)
                    / (DoubleDouble(n + 1) * DoubleDouble(n + twoLambda))
                alpha.append(DoubleDouble.sqrt(a).doubleValue)
                if n == 0 {
                    beta.append(0)
                } else {
                    // a_n^2 / a_{n+1}^2 = n (n+2l-1)(2n+2l+2) / ((2n+2l-2)(n+1)(n+2l)).
                    let b = DoubleDouble(n) * DoubleDouble(n + twoLambda - 1) * DoubleDouble(2 * n + twoLambda + 2)
                        / (DoubleDouble(2 * n + twoLambda - 2) * DoubleDouble(n + 1) * DoubleDouble(n + twoLambda))
                    beta.append(DoubleDouble.sqrt(b).doubleValue)
                }
            }
        }
        self.start = start
        self.alpha = alpha
        self.beta = beta
        self.stepOffsets = stepOffsets
    }

    /// h_0 ... h_{K-m} at one point (u, rho^2).
    func values(order m: Int, u: Double, rhoSquared: Double) -> [Double] {
        var h = [start[m]]
        guard m < maxDegree else { return h }
        h.append(alpha[stepOffsets[m]] * u * h[0])
        for n in 1..<(maxDegree - m) {
            let s = stepOffsets[m] + n
            h.append(alpha[s] * u * h[n] - beta[s] * rhoSquared * h[n - 1])
        }
        return h
    }
}
