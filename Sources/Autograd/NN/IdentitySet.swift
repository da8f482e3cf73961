/// The objects met so far in a walk over a model, by identity: a short list searched in
/// order while it is short (a model has a handful of modules and parameters, and hashing
/// each into a `Set` cost more than the walk), a `Set` once it grows.
struct IdentitySet {
    /// How many identities are searched in order before they move to `large`.
    private static let shortLimit = 32

    private var short: [ObjectIdentifier] = []
    private var large: Set<ObjectIdentifier>?

    /// Adds `object`'s identity; false when it was there already.
    mutating func insert(_ object: AnyObject) -> Bool {
        let id = ObjectIdentifier(object)
        if large != nil { return large!.insert(id).inserted }
        if short.contains(id) { return false }
        if short.count < Self.shortLimit {
            short.append(id)
        } else {
            large = Set(short + [id])
        }
        return true
    }
}
