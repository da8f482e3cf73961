import Synchronization

/// One integer per dimension of a tensor: its sizes (`shape`) or its strides.
///
/// Up to four dimensions live inline in the value itself, and the value holds no reference:
/// copying, comparing and reading it involve no retain, no release and no call into the
/// runtime. An array would cost two atomic operations each time an op read a tensor's
/// shape. A longer list (rare) keeps its elements in a buffer that is interned: made once
/// per distinct list, for the life of the process, and shared by every list equal to it.
///
/// It behaves as an array of `Int`: index it, count it, iterate over it, compare it with
/// an array (`x.shape == [2, 3]`), or make an array of it with `Array(x.shape)`.
public struct DimensionList: @unchecked Sendable {
    /// How many dimensions are kept inline.
    static let inlineCapacity = 4

    /// The number of dimensions.
    public private(set) var count: Int
    /// The elements when `count` is at most `inlineCapacity`; the slots past `count` are
    /// always 0, so that two inline lists compare equal slot by slot.
    private var slots: (Int, Int, Int, Int)
    /// The interned elements when there are more than `inlineCapacity`; nil otherwise.
    /// Interned buffers are never freed or written, so that reading one needs no lock, and
    /// two equal long lists share one buffer (`==` compares the addresses).
    private var spilled: UnsafePointer<Int>?

    /// The buffers of the long lists made so far, by their elements.
    private static let internedLists = Mutex<[[Int]: UnsafePointer<Int>]>([:])

    /// The empty list (a scalar's shape and strides).
    public init() {
        count = 0
        slots = (0, 0, 0, 0)
        spilled = nil
    }

    /// The list of `elements`, in order.
    public init(_ elements: [Int]) {
        self.init()
        count = elements.count
        if elements.count > Self.inlineCapacity {
            spilled = Self.intern(elements)
            return
        }
        elements.withUnsafeBytes { source in
            withUnsafeMutableBytes(of: &slots) { $0.copyMemory(from: source) }
        }
    }

    /// The list of `elements`, in order (an array, or another list, read once).
    public init<S: Sequence>(_ elements: S) where S.Element == Int {
        if let list = elements as? DimensionList {
            self = list
        } else {
            self.init(Array(elements))
        }
    }

    /// A list of `count` copies of `element`.
    public init(repeating element: Int, count: Int) {
        if count > Self.inlineCapacity {
            self.init([Int](repeating: element, count: count))
            return
        }
        self.init()
        self.count = count
        for index in 0..<count { setSlot(index, element) }
    }

    /// The list of one element.
    init(_ only: Int) {
        self.init()
        count = 1
        slots.0 = only
    }

    /// The list of two elements (a matrix's shape or strides), made without the array an
    /// array literal with values computed at run time would allocate.
    init(_ first: Int, _ second: Int) {
        self.init()
        count = 2
        slots.0 = first
        slots.1 = second
    }

    /// The shared buffer holding `elements`, made on first use.
    private static func intern(_ elements: [Int]) -> UnsafePointer<Int> {
        internedLists.withLock { lists in
            if let buffer = lists[elements] { return buffer }
            let buffer = UnsafeMutablePointer<Int>.allocate(capacity: elements.count)
            buffer.initialize(from: elements, count: elements.count)
            lists[elements] = UnsafePointer(buffer)
            return UnsafePointer(buffer)
        }
    }

    @inline(__always)
    private func slot(_ index: Int) -> Int {
        withUnsafeBytes(of: slots) { $0.load(fromByteOffset: index &* MemoryLayout<Int>.stride, as: Int.self) }
    }

    @inline(__always)
    private mutating func setSlot(_ index: Int, _ value: Int) {
        withUnsafeMutableBytes(of: &slots) {
            $0.storeBytes(of: value, toByteOffset: index &* MemoryLayout<Int>.stride, as: Int.self)
        }
    }
}

extension DimensionList: RandomAccessCollection, MutableCollection {
    /// The position of the first dimension (0).
    public var startIndex: Int { 0 }
    /// One past the last dimension (the count).
    public var endIndex: Int { count }

    /// The element of dimension `index`.
    public subscript(index: Int) -> Int {
        @inline(__always) get {
            precondition(index >= 0 && index < count, "Index out of range")
            if let spilled { return spilled[index] }
            return slot(index)
        }
        @inline(__always) set {
            precondition(index >= 0 && index < count, "Index out of range")
            if spilled != nil {
                // A long list is re-interned with the new element (interned buffers are shared).
                var elements = Array(self)
                elements[index] = newValue
                self = DimensionList(elements)
            } else {
                setSlot(index, newValue)
            }
        }
    }
}

extension DimensionList: RangeReplaceableCollection {
    /// Replaces the elements in `range` with `newElements` (`append`, `insert` and `remove`
    /// come here): in place when the result fits inline, through an array otherwise.
    public mutating func replaceSubrange<C: Collection>(_ range: Range<Int>, with newElements: C)
    where C.Element == Int {
        let newCount = count - range.count + newElements.count
        if spilled == nil && newCount <= Self.inlineCapacity {
            var result = DimensionList()
            result.count = newCount
            var position = 0
            for index in 0..<range.lowerBound {
                result.setSlot(position, slot(index))
                position += 1
            }
            for element in newElements {
                result.setSlot(position, element)
                position += 1
            }
            for index in range.upperBound..<count {
                result.setSlot(position, slot(index))
                position += 1
            }
            self = result
            return
        }
        var elements = Array(self)
        elements.replaceSubrange(range, with: newElements)
        self = DimensionList(elements)
    }
}

extension DimensionList: ExpressibleByArrayLiteral {
    /// The list of the literal's elements: `[2, 3]`.
    public init(arrayLiteral elements: Int...) {
        if elements.isEmpty {
            self.init()
        } else {
            self.init(elements)
        }
    }
}

extension DimensionList: Hashable {
    /// Whether both lists have the same elements in the same order.
    @inline(__always)
    public static func == (lhs: DimensionList, rhs: DimensionList) -> Bool {
        guard lhs.count == rhs.count else { return false }
        // Equal long lists share one interned buffer.
        if lhs.spilled != nil || rhs.spilled != nil { return lhs.spilled == rhs.spilled }
        return lhs.slots.0 == rhs.slots.0 && lhs.slots.1 == rhs.slots.1 && lhs.slots.2 == rhs.slots.2
            && lhs.slots.3 == rhs.slots.3
    }

    /// Whether the list has the elements of `rhs`, in order: `x.shape == expectedShape`.
    public static func == (lhs: DimensionList, rhs: [Int]) -> Bool { lhs.elementsEqual(rhs) }
    /// Whether `lhs` has the elements of the list, in order.
    public static func == (lhs: [Int], rhs: DimensionList) -> Bool { lhs.elementsEqual(rhs) }
    /// Whether the elements differ from those of `rhs`.
    public static func != (lhs: DimensionList, rhs: [Int]) -> Bool { !(lhs == rhs) }
    /// Whether the elements of `lhs` differ from those of the list.
    public static func != (lhs: [Int], rhs: DimensionList) -> Bool { !(lhs == rhs) }

    /// Hashes the elements in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }
}

extension DimensionList: CustomStringConvertible {
    /// `[2, 3]`, as an array prints.
    public var description: String { Array(self).description }
}

extension DimensionList: Codable {
    /// Decodes the list from an array of integers.
    public init(from decoder: any Decoder) throws {
        self.init(try [Int](from: decoder))
    }

    /// Encodes the list as an array of integers.
    public func encode(to encoder: any Encoder) throws {
        try Array(self).encode(to: encoder)
    }
}
