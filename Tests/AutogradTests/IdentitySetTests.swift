import Testing

@testable import Autograd

/// `modules()` and `parameters()` list each object once through an `IdentitySet`: a list
/// while it is short, a hashed set past that. Both forms must agree.
@Suite("The set of objects a model walk has met")
struct IdentitySetTests {
    @Test func eachObjectIsNewOnceOnEitherSideOfTheShortLimit() {
        let objects = (0..<80).map { _ in Tensor(0.0) }
        var seen = IdentitySet()
        for (index, object) in objects.enumerated() {
            let first = seen.insert(object)
            let second = seen.insert(object)
            #expect(first, "object \(index) is met for the first time")
            #expect(!second, "object \(index) again")
        }
        for object in objects {
            let again = seen.insert(object)
            #expect(!again, "every object is still known once the set is hashed")
        }
    }

    @Test func aModuleSharedTwiceIsListedOnce() throws {
        let shared = try Linear(2, 2)
        let model = Sequential(shared, ReLU(), shared)
        #expect(model.modules().count == 3, "the sequence, the shared layer once, the ReLU")
        #expect(model.parameters().count == 2, "the shared layer's weight and bias once each")
    }
}
