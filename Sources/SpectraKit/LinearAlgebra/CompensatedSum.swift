/// Neumaier's compensated sum of a sequence: |error| <= 2^-53 |sum| + n 2^-106 sum |x_i|
/// (so sums of same-sign terms are faithful). Used for traces and eigenvalue sums.
func compensatedSum<S: Sequence>(_ xs: S) -> Double where S.Element == Double {
    var sum = 0.0, correction = 0.0
    for x in xs {
        let t = sum + x
        correction += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
        sum = t
    }
    return sum + correction
}
