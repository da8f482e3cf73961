import Foundation
import Testing

@testable import Autograd

/// A tensor's shape and strides are `DimensionList`s: inline up to four dimensions, interned
/// past that. Both forms must behave as the array of their elements, and tensors of every
/// rank must compute and differentiate as before.
@Suite("Shapes and strides as dimension lists")
struct DimensionListTests {
    /// Lists of ranks 0 to 9, so that both forms and the boundary between them are seen.
    private static let arrays: [[Int]] = (0...9).map { rank in (0..<rank).map { 2 + ($0 * 5) % 7 } }

    @Test(arguments: arrays)
    func aListBehavesAsItsArray(_ array: [Int]) {
        let list = DimensionList(array)
        #expect(list.count == array.count)
        #expect(Array(list) == array)
        #expect(list == array && array == list)
        #expect(list == DimensionList(array), "two lists made apart from the same elements are equal")
        #expect(list.hashValue == DimensionList(array).hashValue)
        #expect(list.description == array.description)
        for index in array.indices { #expect(list[index] == array[index]) }
        if !array.isEmpty {
            var changed = list
            changed[array.count - 1] += 1
            #expect(changed != list && changed != array)
            #expect(Array(changed.dropLast()) == Array(array.dropLast()))
            #expect(changed.last == array.last! + 1)
            #expect(list == array, "changing a copy leaves the original (and a shared buffer) as it was")
        }
    }

    @Test func growingAndShrinkingCrossesTheInlineCapacity() {
        var list: DimensionList = []
        var array: [Int] = []
        for size in 1...9 {
            list.append(size)
            array.append(size)
            #expect(list == array)
        }
        list.insert(0, at: 3)
        array.insert(0, at: 3)
        #expect(list == array)
        while !array.isEmpty {
            list.removeFirst()
            array.removeFirst()
            #expect(list == array && list.count == array.count)
        }
        #expect(list == DimensionList())
    }

    @Test func editsWithinTheInlineCapacityMatchTheArray() {
        var list: DimensionList = [4, 5]
        var array = [4, 5]
        list.insert(7, at: 1)
        array.insert(7, at: 1)
        #expect(list == array)
        let (removedFromList, removedFromArray) = (list.remove(at: 0), array.remove(at: 0))
        #expect(removedFromList == removedFromArray)
        #expect(list == array)
        list.replaceSubrange(0..<1, with: [1, 2, 3])
        array.replaceSubrange(0..<1, with: [1, 2, 3])
        #expect(list == array && list == DimensionList(array), "a list edited in place equals one made afresh")
        #expect(list.hashValue == DimensionList(array).hashValue)
        list.removeLast(4)
        array.removeLast(4)
        #expect(list == array && list == DimensionList(), "emptied, the unused slots are zero again")
        list.append(contentsOf: [1, 2, 3, 4, 5])
        array.append(contentsOf: [1, 2, 3, 4, 5])
        #expect(list == array, "past the inline capacity")
    }

    @Test func listsOfDifferentLengthsOrElementsDiffer() {
        let long = DimensionList([1, 2, 3, 4, 5, 6, 7])
        #expect(long != DimensionList([1, 2, 3, 4, 5, 6]))
        #expect(long != DimensionList([1, 2, 3, 4, 5, 6, 8]))
        #expect(DimensionList([0]) != DimensionList([0, 0]), "the unused inline slots do not make lists equal")
        #expect(DimensionList([]) == [])
    }

    @Test func aTensorOfRankEightComputesAndDifferentiatesAsItsFlatForm() throws {
        let values = (0..<256).map { Double($0 % 11) - 5 }
        let flat = try Tensor(shape: [256], values: values, dtype: .float64, requiresGrad: true)
        let deep = try Tensor(shape: [2, 2, 2, 2, 2, 2, 2, 2], values: values, dtype: .float64, requiresGrad: true)
        #expect(deep.shape == [2, 2, 2, 2, 2, 2, 2, 2] && deep.strides == [128, 64, 32, 16, 8, 4, 2, 1])

        let permuted = try deep.permute([7, 6, 5, 4, 3, 2, 1, 0])
        #expect(permuted.strides == [1, 2, 4, 8, 16, 32, 64, 128])
        let deepLoss = try (permuted.contiguous().reshape([256]) * permuted.contiguous().reshape([256])).sum(dims: [0])
        let flatLoss = try (flat * flat).sum()
        #expect(try deepLoss.item() == flatLoss.item())
        try deepLoss.backward()
        try flatLoss.backward()
        #expect(try deep.grad!.reshape([256]).toArray() == flat.grad!.toArray())
        #expect(deep.grad!.shape == deep.shape)

        let nine = try deep.unsqueeze(4)
        #expect(nine.shape == [2, 2, 2, 2, 1, 2, 2, 2, 2] && nine.rank == 9)
        let summed = try nine.sum(dims: [0, 8], keepdim: true)
        #expect(summed.shape == [1, 2, 2, 2, 1, 2, 2, 2, 1])
        let broadcast = try summed + Tensor.zeros([2, 1, 1, 1, 1, 1, 1, 1, 2], dtype: .float64)
        #expect(broadcast.shape == [2, 2, 2, 2, 1, 2, 2, 2, 2])
    }

    @Test func longListsMadeOnManyThreadsAtOnceAreEqual() async {
        let array = [3, 1, 4, 1, 5, 9, 2, 6]
        let lists = await withTaskGroup(of: DimensionList.self) { group in
            for _ in 0..<8 { group.addTask { DimensionList(array) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(lists.count == 8 && lists.allSatisfy { $0 == array && $0 == lists[0] })
    }
}
