import Autograd

let x = Tensor([1.0, 2.0, 3.0, 4.0]), y = Tensor([3.0, 5.0, 7.0, 9.0])
let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
for epoch in 0...200 {
    let loss = try ((w * x + b - y) ** 2).mean()
    try loss.backward()
    try noGrad {
        try w -= 0.05 * w.grad!
        try b -= 0.05 * b.grad!
    }
    try w.grad!.zero_()
    try b.grad!.zero_()
    if epoch % 50 == 0 { print("epoch", epoch, "loss", try loss.item(), "w", try w.item(), "b", try b.item()) }
}
