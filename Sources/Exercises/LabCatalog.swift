/// Every lab GradLab has, in article order.
public enum LabCatalog {
    /// All labs.
    public static let all: [Lab] = Seed000.labs + Seed001.labs + Seed002.labs + [Seed002.why] + Seed003.labs + Seed004.labs

    /// The lab with `id`, if any.
    public static func lab(_ id: String) -> Lab? { all.first { $0.id == id } }
}
