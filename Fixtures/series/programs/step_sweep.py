# GradLab's own companion to Part 1.5 ("Numerical vs. Analytical Gradients"), not a series
# program: the post's data (20 points, manual_seed(0)) and a model that bends, (x·w)³ + b,
# a polynomial so that both libraries round alike (the post's line has a loss quadratic in
# w, for which central differences have no truncation error at all). Its mean squared error
# is differentiated in w by central differences with steps h = 1e-1 ... 1e-12, in float32
# and in float64, each against autograd's float64 gradient. The error falls with h
# (truncation, ~h²) until round-off (~ε/h) takes over: a V. Run by
# Fixtures/series/generate.py like the series' programs.
import torch
import matplotlib.pyplot as plt

torch.manual_seed(0)
X = torch.linspace(-1, 1, 20).unsqueeze(1)
y = 2 * X + 3 + 0.1 * torch.randn(20, 1)
w0 = torch.randn(1, 1)
b0 = torch.randn(1)


def loss(w, b, dtype):
    return (((X.to(dtype) @ w) ** 3 + b - y.to(dtype)) ** 2).mean()


w64 = w0.double().requires_grad_()
loss(w64, b0.double(), torch.float64).backward()
exact = w64.grad.item()
print(f"autograd, float64: {exact:.12f}")
print("h      float32 error  float64 error")
steps, errors = [], {torch.float32: [], torch.float64: []}
for k in range(1, 13):
    h = 10.0 ** -k
    steps.append(h)
    for dtype in (torch.float32, torch.float64):
        w, b = w0.to(dtype), b0.to(dtype)
        difference = (loss(w + h, b, dtype).item() - loss(w - h, b, dtype).item()) / (2 * h)
        errors[dtype].append(abs(difference - exact))
    print(f"{h:.0e}  {errors[torch.float32][-1]:.3e}      {errors[torch.float64][-1]:.3e}")
best32 = steps[errors[torch.float32].index(min(errors[torch.float32]))]
best64 = steps[errors[torch.float64].index(min(errors[torch.float64]))]
print(f"smallest error: float32 at h={best32:.0e}, float64 at h={best64:.0e}")
plt.plot(steps, errors[torch.float32], label="float32")
plt.plot(steps, errors[torch.float64], label="float64")
plt.xscale("log")
plt.yscale("log")
plt.show()
