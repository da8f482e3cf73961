#if canImport(_Differentiation)
    import _Differentiation

    /// A `Differentiable` value that GradCheck can take apart into scalars and build again:
    /// what `gradcheck(_:at:)` needs of the input and output types of a function differentiated
    /// by Swift's compiler.
    ///
    /// `Float`, `Double`, arrays of checkable values and `SIMD2`/`SIMD4`/`SIMD8` of `Float` or
    /// `Double` conform. A type of your own conforms by listing its scalars in a fixed order:
    ///
    /// ```swift
    /// struct Point: Differentiable { var x, y: Double }
    ///
    /// extension Point: SwiftADCheckable {
    ///     var scalars: [Double] { [x, y] }
    ///     func with(scalars s: [Double]) -> Point { Point(x: s[0], y: s[1]) }
    ///     func tangent(scalars s: [Double]) -> TangentVector { TangentVector(x: s[0], y: s[1]) }
    ///     static func scalars(of t: TangentVector) -> [Double] { [t.x, t.y] }
    /// }
    /// ```
    public protocol SwiftADCheckable: Differentiable {
        /// The value's scalars, in a fixed order.
        var scalars: [Double] { get }
        /// A value of this one's structure (its array lengths) holding `scalars`.
        func with(scalars: [Double]) -> Self
        /// A tangent for this value's structure holding `scalars`.
        func tangent(scalars: [Double]) -> TangentVector
        /// A tangent's scalars, in the order of `scalars`.
        static func scalars(of tangent: TangentVector) -> [Double]
        /// Whether the scalars are `Float`: GradCheck then steps and compares at float32's
        /// resolution.
        static var isSinglePrecision: Bool { get }
    }

    extension SwiftADCheckable {
        /// Double precision unless a conformance says otherwise.
        public static var isSinglePrecision: Bool { false }
    }

    extension Double: SwiftADCheckable {
        /// The value itself.
        public var scalars: [Double] { [self] }
        /// The first scalar.
        public func with(scalars: [Double]) -> Double { scalars[0] }
        /// The first scalar.
        public func tangent(scalars: [Double]) -> Double { scalars[0] }
        /// The tangent itself.
        public static func scalars(of tangent: Double) -> [Double] { [tangent] }
    }

    extension Float: SwiftADCheckable {
        /// The value itself.
        public var scalars: [Double] { [Double(self)] }
        /// The first scalar, rounded to `Float`.
        public func with(scalars: [Double]) -> Float { Float(scalars[0]) }
        /// The first scalar, rounded to `Float`.
        public func tangent(scalars: [Double]) -> Float { Float(scalars[0]) }
        /// The tangent itself.
        public static func scalars(of tangent: Float) -> [Double] { [Double(tangent)] }
        /// `Float` scalars.
        public static var isSinglePrecision: Bool { true }
    }

    extension Array: SwiftADCheckable where Element: SwiftADCheckable {
        /// Every element's scalars, one element after another.
        public var scalars: [Double] { flatMap(\.scalars) }

        /// Each element rebuilt from its share of `scalars`.
        public func with(scalars: [Double]) -> [Element] {
            var start = 0
            return map { element in
                let count = element.scalars.count
                defer { start += count }
                return element.with(scalars: [Double](scalars[start..<start + count]))
            }
        }

        /// Each element's tangent from its share of `scalars`.
        public func tangent(scalars: [Double]) -> TangentVector {
            var start = 0
            return TangentVector(
                map { element in
                    let count = element.scalars.count
                    defer { start += count }
                    return element.tangent(scalars: [Double](scalars[start..<start + count]))
                })
        }

        /// Every element tangent's scalars, in order.
        public static func scalars(of tangent: TangentVector) -> [Double] {
            tangent.base.flatMap { Element.scalars(of: $0) }
        }

        /// Whether the elements' scalars are `Float`.
        public static var isSinglePrecision: Bool { Element.isSinglePrecision }
    }

    /// A scalar type whose SIMD vectors are checkable (`Float`, `Double`).
    public protocol SwiftADSIMDScalar: SIMDScalar, BinaryFloatingPoint, Differentiable, Codable where TangentVector == Self {}
    extension Float: SwiftADSIMDScalar {}
    extension Double: SwiftADSIMDScalar {}

    /// The lanes of a checkable SIMD vector, shared by the `SIMD2`/`SIMD4`/`SIMD8` conformances.
    extension SIMD where Scalar: SwiftADSIMDScalar {
        /// The lanes, as doubles.
        var laneScalars: [Double] { indices.map { Double(self[$0]) } }
        /// A vector holding the first `scalarCount` of `scalars`.
        func withLanes(_ scalars: [Double]) -> Self { Self(scalars.prefix(scalarCount).map { Scalar($0) }) }
    }

    extension SIMD2: SwiftADCheckable where Scalar: SwiftADSIMDScalar {
        /// The lanes.
        public var scalars: [Double] { laneScalars }
        /// A vector of `scalars`.
        public func with(scalars: [Double]) -> SIMD2 { withLanes(scalars) }
        /// A vector of `scalars` (the tangent of a SIMD vector is one).
        public func tangent(scalars: [Double]) -> SIMD2 { withLanes(scalars) }
        /// The lanes.
        public static func scalars(of tangent: SIMD2) -> [Double] { tangent.laneScalars }
        /// Whether the lanes are `Float`.
        public static var isSinglePrecision: Bool { Scalar.self == Float.self }
    }

    extension SIMD4: SwiftADCheckable where Scalar: SwiftADSIMDScalar {
        /// The lanes.
        public var scalars: [Double] { laneScalars }
        /// A vector of `scalars`.
        public func with(scalars: [Double]) -> SIMD4 { withLanes(scalars) }
        /// A vector of `scalars` (the tangent of a SIMD vector is one).
        public func tangent(scalars: [Double]) -> SIMD4 { withLanes(scalars) }
        /// The lanes.
        public static func scalars(of tangent: SIMD4) -> [Double] { tangent.laneScalars }
        /// Whether the lanes are `Float`.
        public static var isSinglePrecision: Bool { Scalar.self == Float.self }
    }

    extension SIMD8: SwiftADCheckable where Scalar: SwiftADSIMDScalar {
        /// The lanes.
        public var scalars: [Double] { laneScalars }
        /// A vector of `scalars`.
        public func with(scalars: [Double]) -> SIMD8 { withLanes(scalars) }
        /// A vector of `scalars` (the tangent of a SIMD vector is one).
        public func tangent(scalars: [Double]) -> SIMD8 { withLanes(scalars) }
        /// The lanes.
        public static func scalars(of tangent: SIMD8) -> [Double] { tangent.laneScalars }
        /// Whether the lanes are `Float`.
        public static var isSinglePrecision: Bool { Scalar.self == Float.self }
    }
#endif
