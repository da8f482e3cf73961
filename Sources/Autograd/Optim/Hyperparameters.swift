/// An optimizer's setting with PyTorch's check of it. Every optimizer validates all of
/// its numeric settings through one list of these, in PyTorch's order, so that each is
/// refused with PyTorch's own text (`Invalid learning rate: -0.1`), NaN included.
struct Hyperparameter {
    /// What a valid value is.
    enum Rule {
        /// `0 <= value` (PyTorch's `if not 0.0 <= value`: NaN is refused).
        case atLeastZero
        /// Not `value < 0` (SGD's `if value < 0.0`: NaN passes, as in PyTorch).
        case notBelowZero
        /// `0 <= value < 1` (Adam's betas).
        case belowOne
    }

    /// PyTorch's words before the value: "learning rate", "momentum value", ...
    let words: String
    /// The value given.
    let value: Double
    /// Its rule.
    let rule: Rule

    /// The learning rate, which every optimizer has.
    static func learningRate(_ value: Double) -> Hyperparameter { Hyperparameter(words: "learning rate", value: value, rule: .atLeastZero) }

    /// A setting that must not be negative, named as PyTorch names it (`"momentum"` gives
    /// "Invalid momentum value: …").
    static func nonNegative(_ name: String, _ value: Double) -> Hyperparameter {
        Hyperparameter(words: "\(name) value", value: value, rule: .atLeastZero)
    }

    /// The same setting checked as SGD checks its own (`if value < 0.0`).
    var checkedAsSGD: Hyperparameter { Hyperparameter(words: words, value: value, rule: .notBelowZero) }

    /// Adam's beta at `index`, in [0, 1).
    static func beta(_ index: Int, _ value: Double) -> Hyperparameter {
        Hyperparameter(words: "beta parameter at index \(index)", value: value, rule: .belowOne)
    }

    /// Throws PyTorch's error when the value breaks its rule.
    func validate() throws {
        let valid =
            switch rule {
            case .atLeastZero: value >= 0
            case .notBelowZero: !(value < 0)
            case .belowOne: value >= 0 && value < 1
            }
        guard valid else { throw AutogradError(.invalidArgument, "Invalid \(words): \(value)") }
    }
}

extension [Hyperparameter] {
    /// Validates each setting in order: the first invalid one is reported, as in PyTorch.
    func validate() throws {
        for setting in self { try setting.validate() }
    }
}
