import Autograd

/// The ops a fuzzed program can call, each with operands from the pool and arguments from
/// the bytes. A nil result means the op threw (or made nothing to keep).
enum FuzzOps {
    /// Applies op number `code` (wrapped into the table).
    static func apply(_ code: Int, pool: [Tensor], reader: inout ByteReader) -> Tensor? {
        let a = pool[Int(reader.byte()) % pool.count]
        let b = pool[Int(reader.byte()) % pool.count]
        switch code % 53 {
        case 0: return try? a + b
        case 1: return try? a - b
        case 2: return try? a * b
        case 3: return try? a / b
        case 4: return try? a ** b
        case 5: return try? a.pow(reader.value())
        case 6: return try? Tensor.pow(reader.value(), a)
        case 7: return try? a.pow(Int(reader.byte()) - 128)
        case 8: return try? a.exp()
        case 9: return try? a.log()
        case 10: return try? a.sqrt()
        case 11: return try? a.abs()
        case 12: return try? a.tanh()
        case 13: return try? a.sigmoid()
        case 14: return try? a.relu()
        case 15: return try? a.clamp(min: reader.value(), max: reader.value())
        case 16: return try? a.sign()
        case 17: return try? a.maximum(b)
        case 18: return try? a.minimum(b)
        case 19: return try? Tensor.where(a.gt(0), a, b)
        case 20: return try? a.sum(dims: [reader.dim()], keepdim: reader.byte() % 2 == 0)
        case 21: return try? a.mean()
        case 22: return try? a.variance(dims: [reader.dim()], correction: reader.size())
        case 23: return try? a.max()
        case 24: return try? a.max(dim: reader.dim(), keepdim: reader.byte() % 2 == 0).values
        case 25: return try? a.norm()
        case 26: return try? a.matmul(b)
        case 27: return try? a.mm(b)
        case 28: return try? a.view([reader.size(), reader.size()])
        case 29: return try? a.reshape([reader.size(), -1])
        case 30: return try? a.expand([reader.size(), reader.size()])
        case 31: return try? a.transpose(reader.dim(), reader.dim())
        case 32: return try? a.permute([reader.dim(), reader.dim()])
        case 33: return try? a.unsqueeze(reader.dim())
        case 34: return try? a.squeeze(reader.dim())
        case 35: return try? a.select(reader.dim(), reader.size())
        case 36: return try? a.slice(reader.dim(), start: reader.size(), end: reader.size(), step: reader.size())
        case 37:
            // A Swift range needs lower <= upper (Swift's own rule, not GradLab's), so the
            // fuzzed bounds go through TensorIndex, where any pair is valid input.
            let upper = reader.size()
            return upper >= 0 ? try? a[0...upper] : try? a.index([.range(start: reader.size(), end: upper, step: 1)])
        case 38: return try? Tensor.cat([a, b], dim: reader.dim())
        case 39: return try? Tensor.stack([a, b], dim: reader.dim())
        case 40: return try? a.softmax(dim: reader.dim())
        case 41: return try? a.to(reader.pick([DType.float32, .float64, .int64, .bool]))
        case 42: return inPlace(a, b, &reader)
        case 43: return try? Tensor.zeros([reader.size(), reader.size()])
        case 44: return try? Tensor.arange(reader.value(), reader.value(), step: reader.value())
        case 45: return try? a.flatten()
        case 46: return try? a.clone()
        case 48: return accumulation(a, b, pool: pool, &reader)
        case 49:
            _ = try? a.retainGrad()
            return nil
        case 50:
            // a leaf's gradient set by hand, often one that requires grad (then accumulated into under createGraph)
            _ = try? a.setGrad(reader.byte() % 4 == 0 ? nil : b)
            return nil
        case 51:
            return try? grad(
                outputs: [a.sum()], inputs: pool.filter(\.requiresGrad), createGraph: reader.byte() % 2 == 0,
                allowUnused: true
            ).compactMap { $0 }.last
        case 52: return integerOps(a, b, &reader)
        default: return valuesOut(a, &reader)
        }
    }

    /// Integer arithmetic that wraps, exact reductions and comparisons, and integer bounds
    /// that keep int64: the paths of int64 stored as 64-bit integers.
    private static func integerOps(_ a: Tensor, _ b: Tensor, _ reader: inout ByteReader) -> Tensor? {
        switch reader.byte() % 8 {
        case 0: return try? a * b
        case 1: return try? a.sum()
        case 2: return try? a.max(dim: reader.dim()).indices
        case 3: return try? a.clamp(min: Double(Int(reader.byte()) - 128), max: 9.2e18)
        case 4: return try? a.gt(b)
        case 5:
            _ = try? a.toIntArray()
            return try? a.mm(b)
        case 6: return try? a ** Int(reader.byte() % 70)
        default: return try? a.abs() - b
        }
    }

    /// Backward passes that accumulate, with or without `createGraph`, with a gradient
    /// that may itself require grad: the paths that deadlocked and aliased.
    private static func accumulation(_ a: Tensor, _ b: Tensor, pool: [Tensor], _ reader: inout ByteReader) -> Tensor? {
        let createGraph = reader.byte() % 2 == 0
        for _ in 0..<(1 + Int(reader.byte() % 2)) {
            _ = try? a.backward(gradient: b, retainGraph: true, createGraph: createGraph)
        }
        return pool.first { $0.isLeaf && $0.grad != nil }?.grad
    }

    /// An in-place op (they have the most rules: leaves, overlap, casts, versions).
    private static func inPlace(_ a: Tensor, _ b: Tensor, _ reader: inout ByteReader) -> Tensor? {
        switch reader.byte() % 5 {
        case 0: _ = try? a.add_(b)
        case 1: _ = try? a.mul_(reader.value())
        case 2: _ = try? a.copy_(b)
        case 3: _ = try? a.fill_(reader.value())
        default: _ = try? a.uniform_(from: reader.value(), to: reader.value())
        }
        return nil
    }

    /// Reading values out: numpy windows, printing, item.
    private static func valuesOut(_ a: Tensor, _ reader: inout ByteReader) -> Tensor? {
        if let window = try? a.detach().numpy() {
            _ = try? window[reader.size()]
            try? window.set(reader.value(), at: reader.size())
        }
        _ = try? a.item()
        _ = a.description
        return nil
    }
}
