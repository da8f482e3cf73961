@testable import Autograd

/// Applies one program op with GradLab's API: the Swift side of `apply_op` in `interpreter.py`.
///
/// Each case calls the GradLab method a user would call for the PyTorch expression
/// in `interpreter.py`; the table in the comments names that expression.
enum OpApplier {
    /// Runs `op` on the values computed so far and returns the new value.
    ///
    /// Throws GradLab's error when the op fails, `UnsupportedOperation` when GradLab
    /// has no counterpart, and `FixtureError` when the op's fields are malformed.
    static func apply(_ op: ProgramOp, to values: [Tensor]) throws -> Tensor {
        let operands = Operands(op: op, values: values)
        if let result = try elementwise(op, operands) { return result }
        if let result = try reduction(op, operands) { return result }
        if let result = try shapeOp(op, operands) { return result }
        if let result = try inPlace(op, operands) { return result }
        if let result = try gradientOp(op, operands) { return result }
        throw UnsupportedOperation(name: op.name)
    }

    /// The interpreter's own error for a `grad` op on a value whose gradient is nil
    /// (`GRAD_IS_NONE` in `interpreter.py`).
    static let gradIsNone = "the value has no gradient (.grad is None)"

    /// Gradient ops between the others: retained gradients, gradients set by hand, a
    /// backward (with or without `createGraph`) in the middle of a program, and reading `.grad`.
    private static func gradientOp(_ op: ProgramOp, _ x: Operands) throws -> Tensor? {
        switch op.name {
        // a.retain_grad(); the value is a
        case "retain_grad":
            let a = try x.first()
            try a.retainGrad()
            return a
        // a.grad = b; the value is a
        case "set_grad":
            let a = try x.first()
            try a.setGrad(x.second())
            return a
        // a.backward(g, retain_graph=..., create_graph=...), g = b (args [a, b]), the listed values, or none; the value is a
        case "backward":
            let a = try x.first()
            let gradient: Tensor?
            if op.args.count > 1 {
                gradient = try x.second()
            } else if let values = try op.optionalNumberList("grad_output") {
                guard let dtype = InputMaker.floatDType(a.dtype) else { throw FixtureError("backward of a \(a.dtype) value") }
                gradient = try Tensor(shape: a.shape, values: values, dtype: dtype)
            } else {
                gradient = nil
            }
            let retainGraph = try op.optionalBool("retain_graph")
            try a.backward(gradient: gradient, retainGraph: retainGraph, createGraph: op.bool("create_graph"))
            return a
        // a.grad (the interpreter raises when it is None)
        case "grad":
            let a = try x.first()
            guard let grad = a.grad else { throw AutogradError(.invalidArgument, gradIsNone) }
            return grad
        default: return nil
        }
    }

    /// Unary and binary elementwise ops, scalar variants, `where`, the matrix products and softmax.
    private static func elementwise(_ op: ProgramOp, _ x: Operands) throws -> Tensor? {
        switch op.name {
        // torch.<name>(a)
        case "neg": return try x.first().neg()
        case "exp": return try x.first().exp()
        case "log": return try x.first().log()
        case "sqrt": return try x.first().sqrt()
        case "abs": return try x.first().abs()
        case "sin": return try x.first().sin()
        case "cos": return try x.first().cos()
        case "tanh": return try x.first().tanh()
        case "sigmoid": return try x.first().sigmoid()
        case "relu": return try x.first().relu()
        case "reciprocal": return try x.first().reciprocal()
        case "sign": return try x.first().sign()
        case "square": return try x.first().square()
        // torch.clamp(a, min, max)
        case "clamp": return try x.first().clamp(min: op.optionalNumber("min"), max: op.optionalNumber("max"))
        // a ** float(exponent), a ** int(exponent), float(base) ** a
        case "pow_scalar": return try x.first().pow(op.number("exponent"))
        case "pow_int":
            let base = try x.first()
            let exponent = try op.int("exponent")
            return try base ** exponent
        case "rpow_scalar": return try Tensor.pow(op.number("base"), x.first())
        // torch.<name>(a, b)
        case "add": return try x.first().add(x.second())
        case "sub": return try x.first().sub(x.second())
        case "mul": return try x.first().mul(x.second())
        case "div": return try x.first().div(x.second())
        case "pow": return try x.first().pow(x.second())
        case "maximum": return try x.first().maximum(x.second())
        case "minimum": return try x.first().minimum(x.second())
        case "matmul": return try x.first().matmul(x.second())
        case "mm": return try x.first().mm(x.second())
        case "mv": return try x.first().mv(x.second())
        case "dot": return try x.first().dot(x.second())
        case "eq": return try x.first().eq(x.second())
        case "ne": return try x.first().ne(x.second())
        case "lt": return try x.first().lt(x.second())
        case "le": return try x.first().le(x.second())
        case "gt": return try x.first().gt(x.second())
        case "ge": return try x.first().ge(x.second())
        // a + s, a - s, s - a, a * s, a / s (s an int when "integral")
        case "add_scalar":
            let s = try scalar(op)
            return try x.first().add(s.value, integral: s.integral)
        case "sub_scalar":
            let s = try scalar(op)
            return try x.first().sub(s.value, integral: s.integral)
        case "rsub_scalar":
            let s = try scalar(op)
            return try x.first().rsub(s.value, integral: s.integral)
        case "mul_scalar":
            let s = try scalar(op)
            return try x.first().mul(s.value, integral: s.integral)
        case "div_scalar":
            // True division: the result is floating either way, so GradLab's `div` has no `integral:`.
            return try x.first().div(scalar(op).value)
        // torch.where(a, b, c)
        case "where": return try Tensor.where(x.first(), x.second(), x.third())
        // torch.softmax(a, dim), torch.log_softmax(a, dim)
        case "softmax": return try x.first().softmax(dim: op.int("dim"))
        case "log_softmax": return try x.first().logSoftmax(dim: op.int("dim"))
        default: return nil
        }
    }

    /// Reductions over all elements or over dims.
    private static func reduction(_ op: ProgramOp, _ x: Operands) throws -> Tensor? {
        switch op.name {
        // torch.sum(a), torch.mean(a), torch.max(a), torch.min(a)
        case "sum": return try x.first().sum()
        case "mean": return try x.first().mean()
        case "max": return try x.first().max()
        case "min": return try x.first().min()
        // torch.sum(a, dim=dims, keepdim=keepdim), torch.mean(...)
        case "sum_dim": return try x.first().sum(dims: op.intList("dims"), keepdim: op.bool("keepdim"))
        case "mean_dim": return try x.first().mean(dims: op.intList("dims"), keepdim: op.bool("keepdim"))
        // torch.var(a, dim=dim, unbiased=unbiased, keepdim=keepdim), torch.std(...)
        case "var":
            let (dims, correction, keepdim) = try varianceParameters(op)
            return try x.first().variance(dims: dims, correction: correction, keepdim: keepdim)
        case "std":
            let (dims, correction, keepdim) = try varianceParameters(op)
            return try x.first().std(dims: dims, correction: correction, keepdim: keepdim)
        // torch.max(a, dim, keepdim).values, torch.min(...).values
        case "max_dim": return try x.first().max(dim: op.int("dim"), keepdim: op.bool("keepdim")).values
        case "min_dim": return try x.first().min(dim: op.int("dim"), keepdim: op.bool("keepdim")).values
        // torch.norm(a, p=p, dim=dims): GradLab has the 2-norm only.
        case "norm":
            let p = try op.number("p")
            guard p == 2 else { throw UnsupportedOperation(name: "norm(p=\(p))") }
            return try x.first().norm(dims: op.optionalIntList("dims"))
        default: return nil
        }
    }

    /// Views, copies, conversions, `cat` and `stack`.
    private static func shapeOp(_ op: ProgramOp, _ x: Operands) throws -> Tensor? {
        switch op.name {
        case "view": return try x.first().view(op.intList("shape"))
        case "reshape": return try x.first().reshape(op.intList("shape"))
        case "unsqueeze": return try x.first().unsqueeze(op.int("dim"))
        case "squeeze_dim": return try x.first().squeeze(op.int("dim"))
        case "squeeze": return try x.first().squeeze()
        case "transpose": return try x.first().transpose(op.int("dim0"), op.int("dim1"))
        case "t": return try x.first().t()
        case "permute": return try x.first().permute(op.intList("dims"))
        case "expand": return try x.first().expand(op.intList("shape"))
        case "select": return try x.first().select(op.int("dim"), op.int("index"))
        // a[..., start:end:step] along dim
        case "slice":
            // PyTorch's a[:, ..., start:end:step]: indexing, with indexing's errors.
            // A negative dim counts from the end, as the generator's Python does (dim + rank).
            let dim = try op.int("dim"), rank = try x.first().rank
            let leading = [TensorIndex](repeating: .all, count: Swift.max(dim >= 0 ? dim : rank + dim, 0))
            let range = TensorIndex.range(start: try op.optionalInt("start"), end: try op.optionalInt("end"), step: try op.int("step"))
            return try x.first().index(leading + [range])
        case "flatten": return try x.first().flatten()
        case "contiguous": return try x.first().contiguous()
        case "clone": return try x.first().clone()
        case "to":
            let name = try op.string("dtype")
            guard let dtype = DType(rawValue: name) else { throw FixtureError("unknown dtype \(name)") }
            return try x.first().to(dtype)
        // torch.cat(tensors, dim), torch.stack(tensors, dim): every arg is a tensor
        case "cat": return try Tensor.cat(x.all(), dim: op.int("dim"))
        case "stack": return try Tensor.stack(x.all(), dim: op.int("dim"))
        default: return nil
        }
    }

    /// In-place ops: the new value is the written-to tensor itself, as `a.add_(b)` returns `a`.
    private static func inPlace(_ op: ProgramOp, _ x: Operands) throws -> Tensor? {
        switch op.name {
        case "add_": return try x.first().add_(x.second())
        case "mul_": return try x.first().mul_(x.second())
        // GradLab's scalar add_/mul_ take a Double and have no `integral:`; an integral
        // scalar is passed as its (whole-number) Double value.
        case "add_scalar_": return try x.first().add_(scalar(op).value, integral: scalar(op).integral)
        case "mul_scalar_": return try x.first().mul_(scalar(op).value, integral: scalar(op).integral)
        default: return nil
        }
    }

    /// The op's `scalar` field as `scalar_of` reads it: truncated to an integer when `integral`.
    private static func scalar(_ op: ProgramOp) throws -> (value: Double, integral: Bool) {
        let value = try op.number("scalar")
        guard try op.flag("integral") else { return (value, false) }
        guard value.isFinite else { throw FixtureError("integral scalar \(value) is not finite") }
        return (value.rounded(.towardZero), true)
    }

    /// `var`/`std`'s dim (nil: all dims), its correction (1 when unbiased, else 0) and keepdim.
    private static func varianceParameters(_ op: ProgramOp) throws -> (dims: [Int]?, correction: Int, keepdim: Bool) {
        let dims = try op.optionalInt("dim").map { [$0] }
        let correction = try op.bool("unbiased") ? 1 : 0
        let keepdim = try op.bool("keepdim")
        return (dims, correction, keepdim)
    }
}

/// The tensors an op reads, looked up by position in its `args` with every index checked.
struct Operands {
    /// The op whose `args` these are.
    let op: ProgramOp
    /// Every value computed so far (inputs first).
    let values: [Tensor]

    /// The tensor named by `args[position]`.
    func at(_ position: Int) throws -> Tensor {
        guard position < op.args.count else {
            throw FixtureError("op \(op.name) needs at least \(position + 1) args, has \(op.args)")
        }
        let index = op.args[position]
        guard values.indices.contains(index) else {
            throw FixtureError("op \(op.name) reads value \(index), but only \(values.count) exist")
        }
        return values[index]
    }

    /// The first operand.
    func first() throws -> Tensor { try at(0) }
    /// The second operand.
    func second() throws -> Tensor { try at(1) }
    /// The third operand.
    func third() throws -> Tensor { try at(2) }
    /// Every operand, in order (`cat`, `stack`).
    func all() throws -> [Tensor] { try op.args.indices.map { try at($0) } }
}
