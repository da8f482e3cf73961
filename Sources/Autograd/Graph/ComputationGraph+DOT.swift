extension ComputationGraph {
    /// The graph in Graphviz's DOT language, laid out bottom to top as torchviz draws it:
    /// leaves (blue) and saved tensors (orange, dashed arrows) feed the operations (grey)
    /// that feed the outputs (green). `dot -Tsvg graph.dot -o graph.svg` draws it.
    public var dot: String {
        var lines = [
            "digraph autograd {",
            "    graph [rankdir=BT, fontname=\"Helvetica\", nodesep=0.3, ranksep=0.4];",
            "    node [shape=box, style=\"filled,rounded\", fontname=\"Helvetica\", fontsize=11, margin=\"0.12,0.06\"];",
            "    edge [arrowsize=0.7];",
        ]
        for vertex in vertices {
            lines.append("    n\(vertex.id) [label=\"\(Self.escaped(label(of: vertex)))\", fillcolor=\"\(Self.fill(vertex.kind))\"];")
        }
        for link in links {
            lines.append("    n\(link.from) -> n\(link.to)\(link.isSaved ? " [style=dashed, color=\"#b35900\"]" : "");")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lines of a vertex's box: its title, then shape and dtype, value and gradient.
    public func label(of vertex: Vertex) -> String {
        var lines = [vertex.title]
        if let dtype = vertex.dtype {
            lines.append("(\(vertex.shape.map(String.init).joined(separator: ", "))) \(dtype.rawValue)")
        }
        if let value = vertex.value { lines.append(value) }
        if let grad = vertex.grad { lines.append("grad: \(grad)") }
        return lines.joined(separator: "\n")
    }

    private static func fill(_ kind: Kind) -> String {
        switch kind {
        case .output: return "darkolivegreen1"
        case .operation: return "lightgrey"
        case .leaf: return "lightblue"
        case .saved: return "orange"
        }
    }

    /// Text inside a DOT string: quotes and backslashes escaped, line breaks as `\n`.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
