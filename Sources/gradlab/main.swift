import Autograd
for n in [7, 100, 5, 33] {
    print(try! Tensor.linspace(-1, 1, steps: n).toArray())
    print(try! Tensor.linspace(-1, 1, steps: n, dtype: .float64).toArray())
}
