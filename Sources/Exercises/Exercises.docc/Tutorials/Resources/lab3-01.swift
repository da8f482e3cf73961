import Autograd

let x = Tensor(3.0, requiresGrad: true)
try (x ** 2).backward()
print("after first backward:", try x.grad!.item())  // 6.0: d(x²)/dx = 2x
try (2 * x).backward()
print("after second backward:", try x.grad!.item())  // 8.0: 6 + 2, added, not replaced
try x.grad!.zero_()
try (2 * x).backward()
print("after zero and third backward:", try x.grad!.item())  // 2.0
