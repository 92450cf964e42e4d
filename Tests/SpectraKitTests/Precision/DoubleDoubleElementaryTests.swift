@testable import SpectraKit
import Foundation
import Testing

// Reference values: mpmath 1.3.0, mp.dps = 50. The argument is the Double or pair written in hex
// (the comment shows it in decimal); the value is the exact result rounded to double-double.
// Identities at seeded random arguments (SplitMix64), each within the 8 u^2 ~ 1e-31 of
// doubleDoubleTolerance times the condition number of the identity where it exceeds 1.

/// Worst of `error(x)` over `count` arguments drawn by `draw`.
func worstError(
    count: Int, seed: UInt64, draw: (inout SplitMix64) -> DoubleDouble, error: (DoubleDouble) -> Double
) -> Double {
    var generator = SplitMix64(seed: seed)
    var worst = 0.0
    for _ in 0..<count { worst = Swift.max(worst, error(draw(&generator))) }
    return worst
}

extension Precision {
    @Suite struct Exp {
        static let references: [Reference] = [
            // exp(0.5) = 1.64872127070012814684865078781416357
            Reference(x: DoubleDouble(0x1.0000000000000p-1), value: DoubleDouble(uncheckedHi: 0x1.a61298e1e069cp+0, lo: -0x1.b4690082a4906p-55)),
            // exp(-1.0) = 0.367879441171442321595523770161460867
            Reference(x: DoubleDouble(-0x1.0000000000000p+0), value: DoubleDouble(uncheckedHi: 0x1.78b56362cef38p-2, lo: -0x1.ca8a4270fadf5p-57)),
            // exp(1e-10) = 1.0000000001000000000050000036433864
            Reference(x: DoubleDouble(0x1.b7cdfd9d7bdbbp-34), value: DoubleDouble(uncheckedHi: 0x1.000000006df38p+0, lo: -0x1.3112d8e5e6d4cp-57)),
            // exp(0.1) = 1.10517091807564763094663882345877966
            Reference(x: DoubleDouble(0x1.999999999999ap-4), value: DoubleDouble(uncheckedHi: 0x1.1aec7b35a00d4p+0, lo: -0x1.77d498b0e382ap-54)),
            // exp(100.25) = 3.45161073312592398713619859952657468e+43
            Reference(x: DoubleDouble(0x1.9100000000000p+6), value: DoubleDouble(uncheckedHi: 0x1.8c39b9134bac4p+144, lo: 0x1.56775ec333673p+88)),
            // exp(709.5) = 1.35498631931463283087663227405360334e+308
            Reference(x: DoubleDouble(0x1.62c0000000000p+9), value: DoubleDouble(uncheckedHi: 0x1.81e9b4b52d0c9p+1023, lo: -0x1.40367ff946b15p+964)),
            // exp(-600.125) = 2.33896674864719272871925213953172432e-261
            Reference(x: DoubleDouble(-0x1.2c10000000000p+9), value: DoubleDouble(uncheckedHi: 0x1.269ae7b7461fap-866, lo: 0x1.c2899d5f5f606p-921)),
            // exp(-0.3) = 0.740818220681717874291608235944651985
            Reference(x: DoubleDouble(-0x1.3333333333333p-2), value: DoubleDouble(uncheckedHi: 0x1.7b4c869c37c05p-1, lo: -0x1.0a730392f0d98p-59)),
        ]

        @Test func expMatchesMpmath() {
            for r in Self.references {
                #expect(relativeError(.exp(r.x), r.value) < doubleDoubleTolerance, "exp(\(r.x))")
            }
        }

        @Test func expOfLogIsIdentity() {
            // Condition: a relative error e in log x becomes |log x| e in exp(log x).
            let worst = worstError(count: 400, seed: 1, draw: { $0.logUniform(exponents: -300...300) }) { x in
                let y = DoubleDouble.log(x)
                return relativeError(.exp(y), x) / Swift.max(1, Swift.abs(y.hi))
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func expOfSumIsProductOfExps() {
            let worst = worstError(count: 300, seed: 2, draw: { $0.doubleDouble(in: -300...300) }) { x in
                let half = x * 0.5
                return relativeError(.exp(x), .exp(half) * .exp(half)) / Swift.max(1, Swift.abs(x.hi))
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func expOverflowsAndUnderflowsWithoutTraps() {
            #expect(DoubleDouble.exp(DoubleDouble(710.0)).hi == .infinity)
            #expect(DoubleDouble.exp(DoubleDouble(-746.0)).hi == 0)
            #expect(DoubleDouble.exp(DoubleDouble(-Double.infinity)).hi == 0)
            #expect(DoubleDouble.exp(DoubleDouble(Double.nan)).isNaN)
            // Results in the subnormal range keep an absolute accuracy of ~2^-1074.
            // mpmath: exp(-740) = 85.0007... * 2^-1074.
            let tiny = DoubleDouble.exp(DoubleDouble(-740.0))
            #expect(tiny.hi == 85 * Double.leastNonzeroMagnitude && tiny.lo == 0)
            #expect(DoubleDouble.exp(DoubleDouble(709.78)).isFinite)
        }
    }

    @Suite struct Log {
        static let references: [Reference] = [
            // log(2.0) = 0.693147180559945309417232121458176568
            Reference(x: DoubleDouble(0x1.0000000000000p+1), value: DoubleDouble(uncheckedHi: 0x1.62e42fefa39efp-1, lo: 0x1.abc9e3b39803fp-56)),
            // log(10.0) = 2.30258509299404568401799145468436421
            Reference(x: DoubleDouble(0x1.4000000000000p+3), value: DoubleDouble(uncheckedHi: 0x1.26bb1bbb55516p+1, lo: -0x1.f48ad494ea3e9p-53)),
            // log(0.5) = -0.693147180559945309417232121458176568
            Reference(x: DoubleDouble(0x1.0000000000000p-1), value: DoubleDouble(uncheckedHi: -0x1.62e42fefa39efp-1, lo: -0x1.abc9e3b39803fp-56)),
            // log(1.0000000009313226) = 0.00000000093132257418179764690006274852437848
            Reference(x: DoubleDouble(0x1.0000000400000p+0), value: DoubleDouble(uncheckedHi: 0x1.fffffffc00000p-31, lo: 0x1.5555555155555p-92)),
            // log(0.9999999999990905) = -9.0949470177334182822131582710956388e-13
            Reference(x: DoubleDouble(0x1.fffffffffe000p-1), value: DoubleDouble(uncheckedHi: -0x1.0000000000800p-40, lo: -0x1.5555555556555p-122)),
            // log(1e+300) = 690.775527898213705257902196660513681
            Reference(x: DoubleDouble(0x1.7e43c8800759cp+996), value: DoubleDouble(uncheckedHi: 0x1.5963447f87fb5p+9, lo: 0x1.abccc0710fcd4p-46)),
            // log(1e-300) = -690.775527898213705180338344570100503
            Reference(x: DoubleDouble(0x1.56e1fc2f8f359p-997), value: DoubleDouble(uncheckedHi: -0x1.5963447f87fb5p+9, lo: -0x1.aa670d35324e6p-46)),
            // log(3.0) = 1.0986122886681096913952452369225257
            Reference(x: DoubleDouble(0x1.8000000000000p+1), value: DoubleDouble(uncheckedHi: 0x1.193ea7aad030bp+0, lo: -0x1.a256f99caabebp-54)),
            // log(0.75) = -0.287682072451780927439219005993827432
            Reference(x: DoubleDouble(0x1.8000000000000p-1), value: DoubleDouble(uncheckedHi: -0x1.269621134db92p-2, lo: -0x1.e0efadd9db02bp-56)),
            // log(1.0 + 1e-25) = 1.00000000000000003849486969919183908e-25
            Reference(x: DoubleDouble(uncheckedHi: 0x1.0000000000000p+0, lo: 0x1.ef2d0f5da7dd9p-84), value: DoubleDouble(uncheckedHi: 0x1.ef2d0f5da7dd9p-84, lo: -0x1.dee7a4ad4b820p-168)),
            // log(1.0 + -1e-25) = -1.00000000000000003849486979919183908e-25
            Reference(x: DoubleDouble(uncheckedHi: 0x1.0000000000000p+0, lo: -0x1.ef2d0f5da7dd9p-84), value: DoubleDouble(uncheckedHi: -0x1.ef2d0f5da7dd9p-84, lo: -0x1.dee7a4ad4b820p-168)),
        ]

        @Test func logMatchesMpmath() {
            for r in Self.references {
                #expect(relativeError(.log(r.x), r.value) < doubleDoubleTolerance, "log(\(r.x))")
            }
        }

        @Test func logOfPowerOfTwoMultipleIsSumOfLogs() {
            // log(x 2^k) = log x + k log 2, x 2^k exact; condition (|log x| + |k| log 2)/|log(x 2^k)|.
            var g = SplitMix64(seed: 3)
            var worst = 0.0
            for _ in 0..<300 {
                let x = g.doubleDouble(in: 0.5...2)
                let k = Int.random(in: -960...1000, using: &g)  // keeps the low part normal
                let y = DoubleDouble.log(x.scaled(byPowerOfTwo: k))
                let logX = DoubleDouble.log(x)
                let condition = (Swift.abs(logX.hi) + Swift.abs(Double(k)) * 0.7) / Swift.abs(y.hi)
                worst = Swift.max(worst, relativeError(y, logX + DoubleDouble.ln2 * Double(k)) / Swift.max(1, condition))
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func logNearOneIsRelativelyAccurate() {
            // log(1 + h) = h - h^2/2 + h^3/3 - ... to 1e-60 for |h| <= 1e-20.
            let worst = worstError(count: 200, seed: 4, draw: { $0.logUniform(exponents: -40 ... -20) }) { h in
                let x = DoubleDouble.one + h
                let exact = (x - 1.0)  // the h that x actually carries
                return relativeError(.log(x), exact - exact * exact * 0.5)
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func logOfSpecialValues() {
            #expect(DoubleDouble.log(.zero).hi == -.infinity)
            #expect(DoubleDouble.log(DoubleDouble(Double.infinity)).hi == .infinity)
            #expect(DoubleDouble.log(DoubleDouble(-1.0)).isNaN)
            #expect(DoubleDouble.log(.one) == .zero)
        }
    }

    @Suite struct SinCos {
        static let sinReferences: [Reference] = [
            // sin(1.0) = 0.841470984807896506652502321630299
            Reference(x: DoubleDouble(0x1.0000000000000p+0), value: DoubleDouble(uncheckedHi: 0x1.aed548f090ceep-1, lo: 0x1.06374f484e288p-59)),
            // sin(0.5) = 0.479425538604203000273287935215571388
            Reference(x: DoubleDouble(0x1.0000000000000p-1), value: DoubleDouble(uncheckedHi: 0x1.eaee8744b05f0p-2, lo: -0x1.789b43c9b027dp-58)),
            // sin(3.0) = 0.14112000805986722210074480280811028
            Reference(x: DoubleDouble(0x1.8000000000000p+1), value: DoubleDouble(uncheckedHi: 0x1.210386db6d55bp-3, lo: 0x1.3c7205d08d063p-57)),
            // sin(355.0) = -0.0000301443533594884492143302800086500996
            Reference(x: DoubleDouble(0x1.6300000000000p+8), value: DoubleDouble(uncheckedHi: -0x1.f9bd0307d1de3p-16, lo: 0x1.894874d2528d2p-70)),
            // sin(1000.0) = 0.826879540532002560255887429109218141
            Reference(x: DoubleDouble(0x1.f400000000000p+9), value: DoubleDouble(uncheckedHi: 0x1.a75cc150a206bp-1, lo: 0x1.64b8b22673741p-55)),
            // sin(-0.1) = -0.0998334166468281578301968678586166677
            Reference(x: DoubleDouble(-0x1.999999999999ap-4), value: DoubleDouble(uncheckedHi: -0x1.98eaecb8bcb2cp-4, lo: -0x1.c687ae84515ddp-59)),
            // sin(1e-08) = 0.0000000100000000000000000425589416346180505
            Reference(x: DoubleDouble(0x1.5798ee2308c3ap-27), value: DoubleDouble(uncheckedHi: 0x1.5798ee2308c3ap-27, lo: -0x1.9ca58cce0be35p-83)),
            // sin(22.0) = -0.00885130929040387592169025681577233246
            Reference(x: DoubleDouble(0x1.6000000000000p+4), value: DoubleDouble(uncheckedHi: -0x1.220a29f6eb9f4p-7, lo: 0x1.504b8bc40d505p-62)),
            // sin(710.0) = 0.000060288706691585265933483799922767193
            Reference(x: DoubleDouble(0x1.6300000000000p+9), value: DoubleDouble(uncheckedHi: 0x1.f9bd0303f6fafp-15, lo: 0x1.203af947a249cp-70)),
            // sin(pi as DoubleDouble) = -2.99476980971833955464159426787545019e-33
            Reference(x: DoubleDouble(uncheckedHi: 0x1.921fb54442d18p+1, lo: 0x1.1a62633145c07p-53), value: DoubleDouble(uncheckedHi: -0x1.f1976b7ed8fbcp-109, lo: 0x1.4cf98e804177dp-163)),
        ]
        static let cosReferences: [Reference] = [
            // cos(1.0) = 0.540302305868139717400936607442976604
            Reference(x: DoubleDouble(0x1.0000000000000p+0), value: DoubleDouble(uncheckedHi: 0x1.14a280fb5068cp-1, lo: -0x1.b71edcc9344bcp-55)),
            // cos(0.5) = 0.877582561890372716116281582603829652
            Reference(x: DoubleDouble(0x1.0000000000000p-1), value: DoubleDouble(uncheckedHi: 0x1.c1528065b7d50p-1, lo: -0x1.892111312e828p-55)),
            // cos(3.0) = -0.989992496600445457271572794731261302
            Reference(x: DoubleDouble(0x1.8000000000000p+1), value: DoubleDouble(uncheckedHi: -0x1.fae04be85e5d2p-1, lo: -0x1.83effc17efb54p-55)),
            // cos(355.0) = -0.999999999545658980165935841692754081
            Reference(x: DoubleDouble(0x1.6300000000000p+8), value: DoubleDouble(uncheckedHi: -0x1.fffffffc18e4cp-1, lo: 0x1.862265016699cp-57)),
            // cos(1000.0) = 0.562379076290702991078249226605395969
            Reference(x: DoubleDouble(0x1.f400000000000p+9), value: DoubleDouble(uncheckedHi: 0x1.1ff026793f1bbp-1, lo: 0x1.dc0807412e446p-55)),
            // cos(-0.1) = 0.995004165278025765541375198862345256
            Reference(x: DoubleDouble(-0x1.999999999999ap-4), value: DoubleDouble(uncheckedHi: 0x1.fd712f9a817c1p-1, lo: -0x1.fb7ab33ee2672p-55)),
            // cos(1e-08) = 0.999999999999999949999999999999998324
            Reference(x: DoubleDouble(0x1.5798ee2308c3ap-27), value: DoubleDouble(uncheckedHi: 0x1.0000000000000p+0, lo: -0x1.cd2b297d889bcp-55)),
            // cos(11.0) = 0.00442569798805078574835502472394157323
            Reference(x: DoubleDouble(0x1.6000000000000p+3), value: DoubleDouble(uncheckedHi: 0x1.220ae41ee2fdfp-8, lo: 0x1.7f17841b97bf3p-62)),
            // cos(1.5707963267948966) = 6.12323399573676588613032966137500146e-17
            Reference(x: DoubleDouble(0x1.921fb54442d18p+0), value: DoubleDouble(uncheckedHi: 0x1.1a62633145c07p-54, lo: -0x1.f1976b7ed8fbcp-110)),
            // cos(pi/2 as DoubleDouble) = -1.49738490485916977732079713393772509e-33
            Reference(x: DoubleDouble(uncheckedHi: 0x1.921fb54442d18p+0, lo: 0x1.1a62633145c07p-54), value: DoubleDouble(uncheckedHi: -0x1.f1976b7ed8fbcp-110, lo: 0x1.4cf98e804177dp-164)),
        ]

        @Test func sinAndCosMatchMpmath() {
            // Absolute near the zeros (sin of pi as a double-double is -3e-33).
            for r in Self.sinReferences {
                let error = Swift.abs((DoubleDouble.sin(r.x) - r.value).hi) / Swift.max(Swift.abs(r.value.hi), 1e-3)
                #expect(error < doubleDoubleTolerance, "sin(\(r.x))")
            }
            for r in Self.cosReferences {
                let error = Swift.abs((DoubleDouble.cos(r.x) - r.value).hi) / Swift.max(Swift.abs(r.value.hi), 1e-3)
                #expect(error < doubleDoubleTolerance, "cos(\(r.x))")
            }
        }

        @Test func sinSquaredPlusCosSquaredIsOne() {
            let worst = worstError(count: 400, seed: 5, draw: { $0.doubleDouble(in: -1000...1000) }) { x in
                let (s, c) = DoubleDouble.sinCos(x)
                return relativeError(s * s + c * c, .one)
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func sinOfDoubleAngleIsTwoSinCos() {
            let worst = worstError(count: 300, seed: 6, draw: { $0.doubleDouble(in: -500...500) }) { x in
                let (s, c) = DoubleDouble.sinCos(x)
                let (s2, c2) = DoubleDouble.sinCos(x * 2.0)
                // Absolute errors, scaled by |x|: the argument's own rounding is |x| u^2.
                let scale = Swift.max(1, Swift.abs(x.hi))
                return Swift.max(Swift.abs((s2 - s * c * 2.0).hi), Swift.abs((c2 - (c * c - s * s)).hi)) / scale
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func sinAndCosOfNonFiniteAreNaN() {
            #expect(DoubleDouble.sin(DoubleDouble(Double.infinity)).isNaN)
            #expect(DoubleDouble.cos(DoubleDouble(Double.nan)).isNaN)
            // Beyond 2^40 the reduction falls back to Double accuracy, without trapping.
            #expect(Swift.abs(DoubleDouble.sin(DoubleDouble(1e300)).hi - Foundation.sin(1e300)) < 1e-15)
        }
    }

    @Suite struct InverseTrigonometric {
        static let atanReferences: [Reference] = [
            // atan(0.5) = 0.463647609000806116214256231461214402
            Reference(x: DoubleDouble(0x1.0000000000000p-1), value: DoubleDouble(uncheckedHi: 0x1.dac670561bb4fp-2, lo: 0x1.a2b7f222f65e2p-56)),
            // atan(1.0) = 0.785398163397448309615660845819875721
            Reference(x: DoubleDouble(0x1.0000000000000p+0), value: DoubleDouble(uncheckedHi: 0x1.921fb54442d18p-1, lo: 0x1.1a62633145c07p-55)),
            // atan(2.0) = 1.10714871779409050301706546017853704
            Reference(x: DoubleDouble(0x1.0000000000000p+1), value: DoubleDouble(uncheckedHi: 0x1.1b6e192ebbe44p+0, lo: 0x1.b1b466a88828ep-54)),
            // atan(10000000000.0) = 1.57079632669489661923132169164008478
            Reference(x: DoubleDouble(0x1.2a05f20000000p+33), value: DoubleDouble(uncheckedHi: 0x1.921fb543d4de0p+0, lo: 0x1.408aa5768deb7p-54)),
            // atan(-3.0) = -1.24904577239825442582991707728109012
            Reference(x: DoubleDouble(-0x1.8000000000000p+1), value: DoubleDouble(uncheckedHi: -0x1.3fc176b7a8560p+0, lo: 0x1.441a3bd3f1083p-59)),
            // atan(1e-12) = 9.99999999999999979886647295922282034e-13
            Reference(x: DoubleDouble(0x1.19799812dea11p-40), value: DoubleDouble(uncheckedHi: 0x1.19799812dea11p-40, lo: -0x1.c5b5b6ee6e898p-122)),
            // atan(0.9999999) = 0.785398113397445835933372534084263051
            Reference(x: DoubleDouble(0x1.fffffca501acbp-1), value: DoubleDouble(uncheckedHi: 0x1.921fb396c3a67p-1, lo: 0x1.07f417e4a169dp-55)),
        ]
        static let asinReferences: [Reference] = [
            // asin(0.5) = 0.523598775598298873077107230546583814
            Reference(x: DoubleDouble(0x1.0000000000000p-1), value: DoubleDouble(uncheckedHi: 0x1.0c152382d7366p-1, lo: -0x1.ee6913347c2a6p-55)),
            // asin(-0.9) = -1.11976951499863423762720304672041326
            Reference(x: DoubleDouble(-0x1.ccccccccccccdp-1), value: DoubleDouble(uncheckedHi: -0x1.1ea93705fa172p+0, lo: -0x1.797aca4b76b6ep-55)),
            // asin(0.9999999999999991) = 1.57079628464804810833728678517734126
            Reference(x: DoubleDouble(0x1.ffffffffffff8p-1), value: DoubleDouble(uncheckedHi: 0x1.921fb48f3dde5p+0, lo: 0x1.beac91ed3721cp-58)),
            // asin(1e-09) = 0.00000000100000000000000006244825812444652312
            Reference(x: DoubleDouble(0x1.12e0be826d695p-30), value: DoubleDouble(uncheckedHi: 0x1.12e0be826d695p-30, lo: 0x1.a68cd9e985016p-93)),
            // asin(1.0 + -1e-30) = 1.57079632679489520501775931854464371
            Reference(x: DoubleDouble(uncheckedHi: 0x1.0000000000000p+0, lo: -0x1.4484bfeebc2a0p-100), value: DoubleDouble(uncheckedHi: 0x1.921fb54442d12p+0, lo: -0x1.7e192d3b6d472p-56)),
            // asin(-1.0 + 1e-30) = -1.57079632679489520501775931854464371
            Reference(x: DoubleDouble(uncheckedHi: -0x1.0000000000000p+0, lo: 0x1.4484bfeebc2a0p-100), value: DoubleDouble(uncheckedHi: -0x1.921fb54442d12p+0, lo: 0x1.7e192d3b6d472p-56)),
        ]
        static let acosReferences: [Reference] = [
            // acos(0.5) = 1.04719755119659774615421446109316763
            Reference(x: DoubleDouble(0x1.0000000000000p-1), value: DoubleDouble(uncheckedHi: 0x1.0c152382d7366p+0, lo: -0x1.ee6913347c2a6p-54)),
            // acos(-0.9) = 2.6905658417935308568585247383601647
            Reference(x: DoubleDouble(-0x1.ccccccccccccdp-1), value: DoubleDouble(uncheckedHi: 0x1.586476251e745p+1, lo: 0x1.d71fc857011bep-54)),
            // acos(0.9999999999999991) = 0.0000000421468485108940349064624101855771628
            Reference(x: DoubleDouble(0x1.ffffffffffff8p-1), value: DoubleDouble(uncheckedHi: 0x1.6a09e667f3bcdp-25, lo: 0x1.2724e5264b091p-82)),
            // acos(0.0) = 1.57079632679489661923132169163975144
            Reference(x: DoubleDouble(0), value: DoubleDouble(uncheckedHi: 0x1.921fb54442d18p+0, lo: 0x1.1a62633145c07p-54)),
            // acos(1e-09) = 1.57079632579489661923132162919149332
            Reference(x: DoubleDouble(0x1.12e0be826d695p-30), value: DoubleDouble(uncheckedHi: 0x1.921fb53ff74e9p+0, lo: -0x1.680b061ebd8cbp-54)),
            // acos(1.0 + -1e-30) = 1.41421356237309510772943685564820794e-15
            Reference(x: DoubleDouble(uncheckedHi: 0x1.0000000000000p+0, lo: -0x1.4484bfeebc2a0p-100), value: DoubleDouble(uncheckedHi: 0x1.979e8ae802112p-50, lo: 0x1.aacbfa50192c5p-105)),
            // acos(-1.0 + 1e-30) = 3.14159265358979182424908101018439515
            Reference(x: DoubleDouble(uncheckedHi: -0x1.0000000000000p+0, lo: 0x1.4484bfeebc2a0p-100), value: DoubleDouble(uncheckedHi: 0x1.921fb54442d15p+1, lo: 0x1.75b82fc4d4dd5p-55)),
        ]

        @Test func atanAsinAcosMatchMpmath() {
            for r in Self.atanReferences {
                #expect(relativeError(.atan(r.x), r.value) < doubleDoubleTolerance, "atan(\(r.x))")
            }
            for r in Self.asinReferences {
                #expect(relativeError(.asin(r.x), r.value) < doubleDoubleTolerance, "asin(\(r.x))")
            }
            for r in Self.acosReferences {
                #expect(relativeError(.acos(r.x), r.value) < doubleDoubleTolerance, "acos(\(r.x))")
            }
        }

        @Test func twiceAtanIsAtanOfDoubleAngleTangent() {
            // 2 atan x = atan(2x/(1 - x^2)) for |x| < 1; 1 - x^2 loses x^2/(1 - x^2) digits.
            let worst = worstError(count: 300, seed: 7, draw: { $0.doubleDouble(in: -0.9...0.9) }) { x in
                let z = x * 2.0 / (1.0 - x * x)
                let condition = 1 + x.hi * x.hi / (1 - x.hi * x.hi)
                return relativeError(.atan(z), DoubleDouble.atan(x) * 2.0) / condition
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func atanOfReciprocalIsComplement() {
            let worst = worstError(count: 300, seed: 8, draw: { $0.logUniform(exponents: -8...8) }) { x in
                relativeError(.atan(x) + .atan(1.0 / x), .halfPi)
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func asinOfSinIsIdentity() {
            // Condition 1 + |tan x|: an error e sin x in sin x moves asin by e tan x.
            let worst = worstError(count: 300, seed: 9, draw: { $0.doubleDouble(in: -1.5...1.5) }) { x in
                relativeError(.asin(.sin(x)), x) / (1 + Swift.abs(Foundation.tan(x.hi)))
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func acosOfCosIsIdentity() {
            // Condition 1 + |cos x| / (x sin x).
            let worst = worstError(count: 300, seed: 10, draw: { $0.doubleDouble(in: 0.2...3.0) }) { x in
                let condition = 1 + Swift.abs(Foundation.cos(x.hi)) / (x.hi * Foundation.sin(x.hi))
                return relativeError(.acos(.cos(x)), x) / condition
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func asinPlusAcosIsHalfPiNearPlusMinusOne() {
            // Arguments within 1e-30 .. 1e-17 of +-1, beyond a Double's resolution.
            let worst = worstError(count: 200, seed: 11, draw: { g in
                let d = g.logUniform(exponents: -30 ... -17)
                return Bool.random(using: &g) ? 1.0 - d : d - 1.0
            }) { x in
                relativeError(.asin(x) + .acos(x), .halfPi)
            }
            #expect(worst < doubleDoubleTolerance)
        }

        @Test func outsideTheDomainIsNaN() {
            let justAboveOne = DoubleDouble(uncheckedHi: 1, lo: 1e-30)
            #expect(DoubleDouble.asin(justAboveOne).isNaN)
            #expect(DoubleDouble.acos(-justAboveOne).isNaN)
            #expect(DoubleDouble.acos(DoubleDouble(-1.0)) == .pi)
            #expect(DoubleDouble.asin(.one) == .halfPi)
            #expect(DoubleDouble.atan(DoubleDouble(-Double.infinity)) == -.halfPi)
        }
    }
}
