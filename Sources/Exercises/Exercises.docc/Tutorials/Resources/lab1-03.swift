import Autograd

let w = Tensor(2.0, requiresGrad: true)
let loss = try (w * 3 - 10) ** 2
var graph = ComputationGraph(of: loss, names: ["w": w, "loss": loss])
print(graph.operationNames)  // ["PowBackward0", "SubBackward0", "MulBackward0"]
try loss.backward()
graph.refreshLeaves()  // w's box now shows grad: tensor(-24.)
print(graph.dot)  // Graphviz's text: dot -Tsvg graph.dot -o graph.svg
