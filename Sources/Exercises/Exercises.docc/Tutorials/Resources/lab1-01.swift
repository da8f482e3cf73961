import Autograd

let w = Tensor(2.0, requiresGrad: true)
let loss = try (w * 3 - 10) ** 2
print("loss:", try loss.item())  // loss: 16.0
