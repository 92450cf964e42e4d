// Double-word with Double operands (RealArithmetic's mixed requirements). The Double is
// exact, so each is the double-word operation on (b, 0); `*` by a Double lives beside the
// core arithmetic.
extension DoubleDouble {
    @inlinable public static func + (a: DoubleDouble, b: Double) -> DoubleDouble { a + DoubleDouble(b) }
    @inlinable public static func + (a: Double, b: DoubleDouble) -> DoubleDouble { DoubleDouble(a) + b }
    @inlinable public static func - (a: DoubleDouble, b: Double) -> DoubleDouble { a - DoubleDouble(b) }
    @inlinable public static func - (a: Double, b: DoubleDouble) -> DoubleDouble { DoubleDouble(a) - b }
    @inlinable public static func / (a: DoubleDouble, b: Double) -> DoubleDouble { a / DoubleDouble(b) }
    @inlinable public static func / (a: Double, b: DoubleDouble) -> DoubleDouble { DoubleDouble(a) / b }
}
