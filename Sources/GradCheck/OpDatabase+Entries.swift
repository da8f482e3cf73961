import Autograd

extension OpInfo {
    init(
        _ op: Op, _ name: String, _ shapes: [(label: String, shapes: [[Int]])], domain: SampleDomain = .real,
        eps: Double? = nil, atol: Double? = nil, rtol: Double? = nil, secondOrder: Bool = true,
        _ function: @escaping @Sendable ([Tensor]) throws -> Tensor
    ) {
        self.init(
            op: op, name: name, shapes: shapes, domain: domain, eps: eps, atol: atol, rtol: rtol,
            supportsGradgrad: secondOrder, function: function)
    }

    /// An entry for an op with several outputs: gradcheck checks all of them.
    init(
        _ op: Op, _ name: String, _ shapes: [(label: String, shapes: [[Int]])],
        outputs: @escaping @Sendable ([Tensor]) throws -> [Tensor]
    ) {
        self.init(op, name, shapes) { try outputs($0)[0] }
        allOutputs = outputs
    }
}

/// Sample shapes shared by families of ops.
private enum Shapes {
    static let unary: [(label: String, shapes: [[Int]])] = [
        ("scalar", [[]]), ("vector [4]", [[4]]), ("matrix [2, 3]", [[2, 3]]),
    ]
    static let binary: [(label: String, shapes: [[Int]])] = [
        ("same shape [2, 3]", [[2, 3], [2, 3]]),
        ("broadcast [2, 3] with [3]", [[2, 3], [3]]),
        ("broadcast [2, 1] with [1, 3]", [[2, 1], [1, 3]]),
        ("tensor with scalar", [[2, 3], []]),
        ("scalar with tensor", [[], [2, 3]]),
    ]
    static let reduction: [(label: String, shapes: [[Int]])] = [
        ("vector [5]", [[5]]), ("matrix [3, 4]", [[3, 4]]), ("3-d [2, 3, 2]", [[2, 3, 2]]),
    ]
    static let matrix: [(label: String, shapes: [[Int]])] = [
        ("matrix [3, 4]", [[3, 4]]), ("3-d [2, 3, 2]", [[2, 3, 2]]),
    ]
}

/// The gradient-check database: one entry per differentiable op of the Autograd table.
public enum OpDatabase {
    /// Every entry. A test fails when an `Op` has no entry here or an entry has no samples.
    public static let entries: [OpInfo] = arithmetic + elementwise + normalisations + losses + selection + reductions + linearAlgebra + views

    /// Fixed targets for the losses' samples.
    private static func probabilities(_ shape: DimensionList) -> Tensor {
        let n = shape.reduce(1, *)
        return try! Tensor(shape: shape, values: (0..<n).map { 0.1 + 0.8 * Double($0 % 5) / 4 }, dtype: .float64)
    }

    static let losses: [OpInfo] = [
        OpInfo(.mseLoss, "MSELoss", [("[2, 3] against [2, 3]", [[2, 3], [2, 3]]), ("[4] against [4]", [[4], [4]])]) {
            try MSELoss()($0[0], $0[1])
        },
        OpInfo(.binaryCrossEntropy, "BCELoss", [("[2, 3]", [[2, 3]]), ("[5]", [[5]])]) {
            try BCELoss()($0[0].sigmoid(), probabilities($0[0].shape))
        },
        OpInfo(.binaryCrossEntropyWithLogits, "BCEWithLogitsLoss (sum)", [("[2, 3]", [[2, 3]])]) {
            try BCEWithLogitsLoss(reduction: .sum)($0[0], probabilities($0[0].shape))
        },
        OpInfo(.nllLoss, "NLLLoss", [("[3, 4]", [[3, 4]])]) {
            try NLLLoss()($0[0], Tensor([1, 0, 3]))
        },
    ]

    static let normalisations: [OpInfo] = [
        OpInfo(.softmax, "softmax(dim: -1)", Shapes.matrix) { try $0[0].softmax(dim: -1) },
        OpInfo(.logSoftmax, "logSoftmax(dim: 1)", Shapes.matrix) { try $0[0].logSoftmax(dim: 1) },
        OpInfo(.layerNorm, "layerNorm over the last dimension, with weight and bias", [("[3, 4] with [4] and [4]", [[3, 4], [4], [4]])]) {
            try F.layerNorm($0[0], [4], weight: $0[1], bias: $0[2])
        },
        OpInfo(.layerNorm, "layerNorm over the last two dimensions, no affine", [("[2, 2, 3]", [[2, 2, 3]])]) {
            try F.layerNorm($0[0], [2, 3])
        },
        OpInfo(
            .batchNorm, "batchNorm in training, with weight and bias",
            [("[5, 3] with [3] and [3]", [[5, 3], [3], [3]]), ("[4, 2, 3] with [2] and [2]", [[4, 2, 3], [2], [2]])]
        ) {
            try F.batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true)
        },
        OpInfo(.batchNorm, "batchNorm in evaluation (running statistics)", [("[4, 2] with [2] and [2]", [[4, 2], [2], [2]])]) {
            let (mean, variance) = (Tensor([0.5, -0.2], dtype: .float64), Tensor([1.5, 0.7], dtype: .float64))
            return try F.batchNorm($0[0], runningMean: mean, runningVar: variance, weight: $0[1], bias: $0[2], training: false)
        },
    ]

    /// The entry for `op`, if there is one.
    public static func entry(for op: Op) -> OpInfo? { entries.first { $0.op == op } }

    static let arithmetic: [OpInfo] = [
        OpInfo(.add, "add", Shapes.binary) { try $0[0] + $0[1] },
        OpInfo(.sub, "sub", Shapes.binary) { try $0[0] - $0[1] },
        OpInfo(.rsub, "rsub (2 - x)", Shapes.unary) { try 2 - $0[0] },
        OpInfo(.mul, "mul", Shapes.binary) { try $0[0] * $0[1] },
        OpInfo(.div, "div", Shapes.binary, domain: .positive) { try $0[0] / $0[1] },
        OpInfo(.neg, "neg", Shapes.unary) { try -$0[0] },
        OpInfo(.reciprocal, "reciprocal", Shapes.unary) { try $0[0].reciprocal() },
        OpInfo(.powScalar, "pow (x ** 2.5)", Shapes.unary, domain: .positive) { try $0[0] ** 2.5 },
        OpInfo(.powTensor, "pow (x ** y)", Shapes.binary, domain: .positive) { try $0[0] ** $0[1] },
        OpInfo(.powScalarBase, "pow (2 ** x)", Shapes.unary) { try 2.0 ** $0[0] },
    ]

    static let elementwise: [OpInfo] = [
        OpInfo(.exp, "exp", Shapes.unary) { try $0[0].exp() },
        OpInfo(.log, "log", Shapes.unary, domain: .positive) { try $0[0].log() },
        OpInfo(.sqrt, "sqrt", Shapes.unary, domain: .positive) { try $0[0].sqrt() },
        OpInfo(.abs, "abs", Shapes.unary) { try $0[0].abs() },
        OpInfo(.sin, "sin", Shapes.unary) { try $0[0].sin() },
        OpInfo(.cos, "cos", Shapes.unary) { try $0[0].cos() },
        OpInfo(.tanh, "tanh", Shapes.unary) { try $0[0].tanh() },
        OpInfo(.sigmoid, "sigmoid", Shapes.unary) { try $0[0].sigmoid() },
        OpInfo(.relu, "relu", Shapes.unary) { try $0[0].relu() },
        OpInfo(.clamp, "clamp", Shapes.unary) { try $0[0].clamp(min: -0.7, max: 0.9) },
        OpInfo(.sign, "sign", Shapes.unary) { try $0[0].sign() },
    ]

    static let selection: [OpInfo] = [
        OpInfo(.maximum, "maximum", Shapes.binary) { try $0[0].maximum($0[1]) },
        OpInfo(.minimum, "minimum", Shapes.binary) { try $0[0].minimum($0[1]) },
        OpInfo(.where, "where", Shapes.binary) { try Tensor.where($0[0].detach() > 0, $0[0], $0[1]) },
    ]

    static let reductions: [OpInfo] = [
        OpInfo(.sum, "sum", Shapes.reduction) { try $0[0].sum() },
        OpInfo(.sumDim, "sum(dim: 0)", Shapes.reduction) { try $0[0].sum(dim: 0) },
        OpInfo(.mean, "mean", Shapes.reduction) { try $0[0].mean() },
        OpInfo(.meanDim, "mean(dim: -1, keepdim)", Shapes.reduction) { try $0[0].mean(dim: -1, keepdim: true) },
        OpInfo(.variance, "var", Shapes.reduction) { try $0[0].variance() },
        OpInfo(.standardDeviation, "std(dim: 0)", Shapes.matrix) { try $0[0].std(dim: 0) },
        OpInfo(.max, "max", Shapes.reduction) { try $0[0].max() },
        OpInfo(.maxDim, "max(dim: 0)", Shapes.reduction) { try $0[0].max(dim: 0).values },
        OpInfo(.min, "min", Shapes.reduction) { try $0[0].min() },
        OpInfo(.minDim, "min(dim: -1)", Shapes.reduction) { try $0[0].min(dim: -1).values },
        OpInfo(.norm, "norm", Shapes.reduction) { try $0[0].norm() },
    ]

    static let linearAlgebra: [OpInfo] = [
        OpInfo(.dot, "dot", [("vectors [4]", [[4], [4]])]) { try $0[0].matmul($0[1]) },
        OpInfo(.mv, "mv", [("[3, 4] @ [4]", [[3, 4], [4]])]) { try $0[0].matmul($0[1]) },
        OpInfo(.mm, "mm", [("[3, 4] @ [4, 2]", [[3, 4], [4, 2]]), ("[1, 3] @ [3, 1]", [[1, 3], [3, 1]])]) {
            try $0[0].matmul($0[1])
        },
        OpInfo(
            .addmm, "addmm",
            [
                ("[2] + [3, 4] @ [4, 2]", [[2], [3, 4], [4, 2]]),
                ("[3, 2] + [3, 4] @ [4, 2]", [[3, 2], [3, 4], [4, 2]]),
            ]
        ) { try Tensor.addmm($0[0], $0[1], $0[2]) },
        OpInfo(.addmm, "addmm (beta 0.5, alpha -2)", [("[3, 1] + [3, 4] @ [4, 2]", [[3, 1], [3, 4], [4, 2]])]) {
            try Tensor.addmm($0[0], $0[1], $0[2], beta: 0.5, alpha: -2)
        },
        OpInfo(
            .bmm, "matmul (batched)",
            [
                ("[2, 3, 4] @ [2, 4, 2]", [[2, 3, 4], [2, 4, 2]]),
                ("broadcast [2, 3, 4] @ [4, 2]", [[2, 3, 4], [4, 2]]),
                ("broadcast [3, 4] @ [2, 4, 2]", [[3, 4], [2, 4, 2]]),
            ]
        ) { try $0[0].matmul($0[1]) },
    ]

    static let views: [OpInfo] = [
        OpInfo(.view, "view", Shapes.matrix) { try $0[0].view([-1]) },
        OpInfo(.unsafeView, "reshape (copying)", [("matrix [3, 4]", [[3, 4]])]) { try $0[0].t().reshape([2, 6]) },
        OpInfo(.unsqueeze, "unsqueeze", Shapes.unary) { try $0[0].unsqueeze(0) },
        OpInfo(.squeeze, "squeeze()", [("[1, 3, 1]", [[1, 3, 1]])]) { try $0[0].squeeze() },
        OpInfo(.squeezeDim, "squeeze(dim: 1)", [("[3, 1]", [[3, 1]])]) { try $0[0].squeeze(1) },
        OpInfo(.transpose, "transpose", Shapes.matrix) { try $0[0].transpose(0, 1) },
        OpInfo(.t, "t", [("matrix [2, 3]", [[2, 3]]), ("vector [3]", [[3]])]) { try $0[0].t() },
        OpInfo(.permute, "permute", [("3-d [2, 3, 2]", [[2, 3, 2]])]) { try $0[0].permute(2, 0, 1) },
        OpInfo(.expand, "expand", [("[3] to [2, 3]", [[3]]), ("[2, 1] to [2, 3]", [[2, 1]])]) {
            try $0[0].expand([2, 3])
        },
        OpInfo(.select, "select", Shapes.matrix) { try $0[0][1] },
        OpInfo(.unbind, "unbind(dim: 1)", [("matrix [3, 4]", [[3, 4]]), ("3-d [2, 3, 2]", [[2, 3, 2]])], outputs: { try $0[0].unbind(dim: 1) }),
        OpInfo(.split, "split(2, dim: 0)", [("vector [5]", [[5]]), ("matrix [4, 3]", [[4, 3]])], outputs: { try $0[0].split(2) }),
        OpInfo(.split, "chunk(2, dim: -1)", [("matrix [2, 5]", [[2, 5]])], outputs: { try $0[0].chunk(2, dim: -1) }),
        OpInfo(.slice, "slice", [("matrix [4, 3]", [[4, 3]])]) { try $0[0][1..<4] },
        OpInfo(.sliceEmbed, "slice backward", [("[2, 3] into [5, 3]", [[2, 3]])]) {
            try $0[0].embedded(in: [5, 3], dim: 0, start: 1, step: 2)
        },
        OpInfo(.index, "x[idx] (positions, one twice, one negative)", [("matrix [4, 3]", [[4, 3]]), ("vector [5]", [[5]])]) {
            try $0[0][Tensor([2, 0, -1, 2])]
        },
        OpInfo(.index, "x[mask]", [("matrix [3, 2]", [[3, 2]])]) { try $0[0][Tensor([1, 0, 1]).gt(0)] },
        OpInfo(.indexSelect, "indexSelect(1, [2, 0, 2])", [("matrix [3, 4]", [[3, 4]]), ("3-d [2, 3, 2]", [[2, 3, 2]])]) {
            try $0[0].indexSelect(1, Tensor([2, 0, 2]))
        },
        OpInfo(.indexAdd, "indexAdd(0, [1, 1, 0], source)", [("[2, 3] with [3, 3]", [[2, 3], [3, 3]])]) {
            try $0[0].indexAdd(0, Tensor([1, 1, 0]), $0[1])
        },
        OpInfo(.maskedFill, "maskedFill(mask broadcast over rows, -1)", [("matrix [2, 3]", [[2, 3]])]) {
            try $0[0].maskedFill(Tensor([1, 0, 1]).gt(0), -1)
        },
        OpInfo(.cat, "cat", [("[2, 3] and [1, 3]", [[2, 3], [1, 3]])]) { try Tensor.cat([$0[0], $0[1]]) },
        OpInfo(.stack, "stack", [("two [2, 3]", [[2, 3], [2, 3]])]) { try Tensor.stack([$0[0], $0[1]], dim: 1) },
        OpInfo(.clone, "clone", Shapes.unary) { try $0[0].clone() },
        OpInfo(.toCopy, "to(float32)", Shapes.unary, eps: 1e-3, atol: 1e-3, rtol: 1e-3) { try $0[0].to(.float32) },
        OpInfo(.fill, "fill_", Shapes.unary) { x in
            let y = try x[0] * 1
            try y.fill_(3)
            return y
        },
        OpInfo(.copy, "copy_", Shapes.unary) { x in
            let y = try Tensor.zeros(like: x[0])
            try y.copy_(x[0] * 2)
            return y
        },
    ]
}
