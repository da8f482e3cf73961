/// The articles GradLab's labs and exercises come from, by their titles.
public enum Article: String, CaseIterable, Sendable {
    /// Practical PyTorch fundamentals: autograd, gradient descent, `detach()`, a full linear regression.
    case fundamentals
    /// "6.2.4 Autograd": `requires_grad`, `backward()`, accumulation, fitting two parameters by hand.
    case autograd
    /// "Learn the Training Loop with PyTorch": linear regression by hand, then with autograd and SGD.
    case trainingLoop
    /// "PyTorch Basics Explained": tensors, a tiny house-price fit, a network trained with Adam.
    case basics
    /// "Understanding PyTorch Autograd": history, `grad_fn`, the vector-Jacobian product, custom functions.
    case autogradPackage
    /// The whole "Learn the Training Loop with PyTorch" series, post by post (the article
    /// above is its Part 1.2).
    case trainingLoopSeries

    /// The article's title.
    public var title: String {
        switch self {
        case .fundamentals: return "Practical PyTorch Fundamentals"
        case .autograd: return "6.2.4 Autograd"
        case .trainingLoop: return "Learn the Training Loop with PyTorch"
        case .basics: return "PyTorch Basics Explained: Tensors, Autograd, and Real Model Training"
        case .autogradPackage: return "Understanding PyTorch Autograd: Tensors, Gradients, and Backpropagation"
        case .trainingLoopSeries: return "Learn the Training Loop with PyTorch (the series)"
        }
    }

    /// A title short enough for a table column.
    public var shortTitle: String {
        switch self {
        case .fundamentals: return "Practical PyTorch Fundamentals"
        case .autograd: return "6.2.4 Autograd"
        case .trainingLoop: return "Learn the Training Loop"
        case .basics: return "PyTorch Basics Explained"
        case .autogradPackage: return "Understanding PyTorch Autograd"
        case .trainingLoopSeries: return "Training Loop series"
        }
    }

    /// The article's page in `Docs/Articles/`.
    public var page: String {
        switch self {
        case .fundamentals: return "Docs/Articles/Fundamentals.md"
        case .autograd: return "Docs/Articles/Autograd.md"
        case .trainingLoop: return "Docs/Articles/TrainingLoop.md"
        case .basics: return "Docs/Articles/Basics.md"
        case .autogradPackage: return "Docs/Articles/AutogradPackage.md"
        case .trainingLoopSeries: return "Docs/Articles/TrainingLoopSeries.md"
        }
    }
}
