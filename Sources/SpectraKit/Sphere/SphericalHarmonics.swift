/// Facts about the spaces H_k of degree-k spherical harmonics on S^{d-1} (docs/conventions.md#spherical-harmonics-and-multiplicities).
public enum SphericalHarmonics {
    /// N(d, k) = dim H_k, exactly: N(d, 0) = 1 and N(d, k) = C(k+d-2, k) + C(k+d-3, k-1),
    /// which equals docs/conventions.md's (2k+d-2)/k C(k+d-3, k-1) (Pascal's rule on
    /// C(k+d-1, k) - C(k+d-3, k-2)). An exact `Natural`: N(10, 4000) has 26 digits, beyond
    /// Int64. d = 2 gives 2 for k >= 1, d = 3 gives 2k + 1.
    public static func dimension(degree k: Int, sphereDimension d: Int) -> Natural {
        guard k > 0 else { return Natural(k == 0 ? 1 : 0) }
        guard d >= 2 else { return Natural(0) }
        return Natural.binomial(k + d - 2, k) + Natural.binomial(k + d - 3, k - 1)
    }
}
