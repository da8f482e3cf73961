import Autograd
do {
    let w = Tensor(2.0, requiresGrad: true)
    let loss = (w * 3 - 10) ** 2
    print("loss:", try loss.item())
    try loss.backward()
    print("w.grad:", try w.grad!.item(), w.grad!)
    do { try loss.backward() } catch { print("error:", error) }
    let x = try Tensor.ones(2, 2, requiresGrad: true)
    let y = x + 2
    let z = try y * y * 3
    let out = try z.mean()
    print(z); print(out)
    try out.backward()
    print(x.grad!)
    let big = try Tensor.arange(0, 30, step: 1, dtype: .float32).reshape(5, 6) / 7
    print(big)
    print(try Tensor([[1e-5, 1.0], [3.0, 1000.0]]))
    print(Tensor([28.0, 2.0, 3.0], requiresGrad: true))
    print(Tensor([1.0, 2.5], dtype: .float64))
    print(try Tensor.arange(10))
    print(x.gt(0.5))
    let m = try Tensor.arange(0, 2000, dtype: .float32).reshape(40, 50)
    print(m)
} catch {
    print("error:", error)
}
