import Testing

@testable import Autograd

/// `Shape.checkedCount` and `isContiguous`, which every op asks, keep their answers on
/// their fast paths.
@Suite struct ShapeTests {
    @Test func checkedCountNamesANegativeSizeFirstAndLetsAZeroWinOverAnOverflow() throws {
        #expect(try Shape.checkedCount([]) == 1)
        #expect(try Shape.checkedCount([2, 3, 4]) == 24)
        #expect(try Shape.checkedCount([Int.max, 2, 0]) == 0)
        #expect(try Shape.checkedCount([0, Int.max, Int.max]) == 0)
        for (shape, message) in [
            ([0, -1], "Trying to create tensor with negative dimension -1: [0, -1]"),
            ([Int.max, 2, -3], "Trying to create tensor with negative dimension -3: [9223372036854775807, 2, -3]"),
            ([-2, -5], "Trying to create tensor with negative dimension -2: [-2, -5]"),
            ([Int.max, 2], "Storage size calculation overflowed with sizes=[9223372036854775807, 2]"),
        ] {
            #expect(throws: AutogradError.self) { try Shape.checkedCount(shape) }
            #expect(autogradError { _ = try Shape.checkedCount(shape) }?.message == message)
        }
    }

    @Test func scalarsAndVectorsAreContiguousUnlessStrided() throws {
        #expect(Tensor(3.0).isContiguous)
        let vector = try Tensor.arange(0, 6)
        #expect(vector.isContiguous)
        #expect(try !vector.slice(0, start: 0, end: 6, step: 2).isContiguous)
        #expect(try vector.slice(0, start: 4, end: 5, step: 2).isContiguous)  // one element
        #expect(try !Tensor(2.0).expand([3]).isContiguous)
        #expect(try Tensor(2.0).expand([1]).isContiguous)
        #expect(try !vector.reshape([2, 3]).t().isContiguous)
    }
}
