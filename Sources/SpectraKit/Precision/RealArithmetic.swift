import Foundation

/// The arithmetic a kernel profile is written in, so that one formula serves both
/// `Double` (fast: Gram matrices) and `DoubleDouble` (about 32 digits: the deep tail of a
/// Funk-Hecke spectrum, docs/accuracy.md).
///
/// Accuracy contract: every requirement is faithful in its type, i.e. its result is within a
/// few units in the last place of the type's precision (`ulpOfOne` below) of the exact
/// result for the exact inputs, over the stated domain. Outside the domain the result is NaN
/// (never a trap).
public protocol RealArithmetic: Sendable, Comparable, CustomStringConvertible {
    init(_ value: Double)
    init(_ value: Int)
    /// The nearest `Double`.
    var doubleValue: Double { get }

    static var zero: Self { get }
    static var one: Self { get }
    static var pi: Self { get }
    /// Relative precision of the type: 2^-52 for Double, 2^-104 for DoubleDouble.
    static var ulpOfOne: Double { get }

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self

    // Mixed arithmetic with Double constants. Requirements rather than extension methods,
    // so that for Self == Double they are the standard operators and add no overloads.
    static func * (lhs: Double, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Double) -> Self
    static func + (lhs: Self, rhs: Double) -> Self
    static func + (lhs: Double, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Double) -> Self
    static func - (lhs: Double, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Double) -> Self
    static func / (lhs: Double, rhs: Self) -> Self

    var isFinite: Bool { get }
    var isNaN: Bool { get }
    var magnitude: Self { get }

    /// sqrt(x), x >= 0.
    static func sqrt(_ x: Self) -> Self
    /// e^x; overflows to +infinity, underflows to 0.
    static func exp(_ x: Self) -> Self
    /// natural logarithm, x > 0 (log 0 = -infinity).
    static func log(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    /// arccos on [-1, 1], values in [0, pi].
    static func acos(_ x: Self) -> Self
    /// arcsin on [-1, 1], values in [-pi/2, pi/2].
    static func asin(_ x: Self) -> Self
    /// arctan, values in (-pi/2, pi/2).
    static func atan(_ x: Self) -> Self
}

extension RealArithmetic {
    /// x^y = exp(y log x) for x > 0; 0^y = 0 for y > 0.
    public static func pow(_ x: Self, _ y: Self) -> Self {
        if x == .zero { return .zero }
        return exp(y * log(x))
    }
}

extension Double: RealArithmetic {
    public var doubleValue: Double { self }
    public static var one: Double { 1 }
    public static func sqrt(_ x: Double) -> Double { Foundation.sqrt(x) }
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func log(_ x: Double) -> Double { Foundation.log(x) }
    public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    public static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    public static func acos(_ x: Double) -> Double { Foundation.acos(x) }
    public static func asin(_ x: Double) -> Double { Foundation.asin(x) }
    public static func atan(_ x: Double) -> Double { Foundation.atan(x) }
}
