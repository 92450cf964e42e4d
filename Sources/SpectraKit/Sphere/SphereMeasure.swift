/// Constants of the uniform probability measure sigma on S^{d-1} (docs/conventions.md).
public enum SphereMeasure {
    /// The Funk-Hecke constant c_d = Gamma(d/2) / (sqrt(pi) Gamma((d-1)/2)), d >= 2
    /// (c_2 = 1/pi, c_3 = 1/2), so that c_d int_{-1}^{1} (1 - t^2)^{(d-3)/2} dt = 1.
    ///
    /// Computed from c_{d+2} = c_d * d/(d-1): a product of exact ratios, so in DoubleDouble it
    /// is accurate to about d ulps of 2^-104. Dimensions below 2 return NaN.
    public static func funkHeckeConstant<R: RealArithmetic>(dimension d: Int, as _: R.Type = R.self) -> R {
        guard d >= 2 else { return R(Double.nan) }
        var c: R = d.isMultiple(of: 2) ? R.one / R.pi : R(0.5)
        var e = d.isMultiple(of: 2) ? 2 : 3
        while e < d {
            c = c * R(e) / R(e - 1)
            e += 2
        }
        return c
    }
}
