/// How `meshgrid` lays out its grids: matrix indexing (`ij`, the first input runs down the
/// rows) or Cartesian indexing (`xy`, the first input runs along the columns).
public enum MeshgridIndexing: String, Sendable {
    /// `indexing='ij'`: grid `i` varies along dimension `i`.
    case ij
    /// `indexing='xy'`: the first two dimensions swap, as NumPy's default.
    case xy
}

extension Tensor {
    /// Coordinate grids from 1-D tensors (`torch.meshgrid`): each input viewed along its own
    /// dimension and expanded to the shape of all of them. The grids are views of the inputs
    /// (`ExpandBackward0`), so a gradient on a grid sums back onto its input.
    public static func meshgrid(_ tensors: Tensor..., indexing: MeshgridIndexing = .ij) throws -> [Tensor] {
        try meshgrid(tensors, indexing: indexing)
    }

    /// `meshgrid` of an array of 0-D or 1-D tensors.
    public static func meshgrid(_ tensors: [Tensor], indexing: MeshgridIndexing = .ij) throws -> [Tensor] {
        guard let first = tensors.first else { throw AutogradError(.invalidArgument, "torch.meshgrid: Expected at least one tensor") }
        for tensor in tensors {
            guard tensor.rank <= 1 else {
                throw AutogradError(.invalidArgument, "torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: \(tensor.shape.count)D tensor")
            }
            guard tensor.dtype == first.dtype else {
                throw AutogradError(.dtypeMismatch, "torch.meshgrid: expects all tensors to have the same dtype")
            }
        }
        // With xy indexing the first two inputs trade places, the grids are built as ij, and
        // the first two grids trade back.
        let swaps = indexing == .xy && tensors.count >= 2
        var ordered = tensors
        if swaps { ordered.swapAt(0, 1) }
        let gridShape = ordered.map(\.count)
        var grids = try ordered.enumerated().map { dim, tensor -> Tensor in
            var viewShape = [Int](repeating: 1, count: ordered.count)
            viewShape[dim] = tensor.count
            return try tensor.view(viewShape).expand(gridShape)
        }
        if swaps { grids.swapAt(0, 1) }
        return grids
    }
}
