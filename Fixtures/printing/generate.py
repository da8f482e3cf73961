"""Regenerates printing-cases.json: tensors and the exact repr that PyTorch prints.

Needs PyTorch (pip install torch); GradLab's build and tests do not. Run:
    python3 Fixtures/printing/generate.py > Fixtures/printing/printing-cases.json
Each case gives a shape, a dtype, row-major values (float32 values are exact
in double), whether the tensor requires grad, and torch's repr.
"""
import json, math
import torch

torch.manual_seed(1234)
cases = []

def add(name, t, requires_grad=False):
    if requires_grad:
        t = t.clone().requires_grad_(True)
    values = t.detach().reshape(-1).tolist()
    def enc(v):
        if isinstance(v, bool):
            return 1.0 if v else 0.0
        v = float(v)
        if math.isnan(v): return "nan"
        if math.isinf(v): return "inf" if v > 0 else "-inf"
        return v
    cases.append({
        "name": name,
        "shape": list(t.shape),
        "dtype": str(t.dtype).replace("torch.", ""),
        "values": [enc(v) for v in values],
        "requiresGrad": requires_grad,
        "repr": repr(t),
    })

for dtype in [torch.float32, torch.float64]:
    d = str(dtype).replace("torch.", "")
    add(f"{d} scalar", torch.tensor(27.0, dtype=dtype))
    add(f"{d} scalar fraction", torch.tensor(0.1, dtype=dtype))
    add(f"{d} scalar tiny", torch.tensor(1.5e-7, dtype=dtype))
    add(f"{d} scalar huge", torch.tensor(3.0e12, dtype=dtype))
    add(f"{d} negative zero", torch.tensor([-0.0, 0.0, 1.0], dtype=dtype))
    add(f"{d} all zeros", torch.zeros(2, 3, dtype=dtype))
    add(f"{d} integers", torch.tensor([28.0, 2.0, 3.0], dtype=dtype))
    add(f"{d} negative integers", torch.tensor([[-1.0, 20.0], [300.0, -4000.0]], dtype=dtype))
    add(f"{d} integers over 1000 ratio", torch.tensor([1.0, 2000.0], dtype=dtype))
    add(f"{d} integers over 1e8", torch.tensor([1.0e9, 3.0], dtype=dtype))
    add(f"{d} fractions", torch.tensor([[4.5, 4.5], [4.5, 4.5]], dtype=dtype))
    add(f"{d} nan inf", torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5], dtype=dtype))
    add(f"{d} nan and integers", torch.tensor([float("nan"), 2.0, 3.0], dtype=dtype))
    add(f"{d} only nonfinite", torch.tensor([float("nan"), float("inf")], dtype=dtype))
    add(f"{d} small values sci", torch.tensor([1e-5, 0.5, 2.0], dtype=dtype))
    add(f"{d} ratio sci", torch.tensor([0.001, 1.5, 2000.5], dtype=dtype))
    for shape in [(3,), (2, 3), (4, 1), (1, 4), (2, 3, 4), (2, 1, 2, 3), (1, 1, 1)]:
        add(f"{d} randn {shape}", torch.randn(*shape, dtype=dtype))
        add(f"{d} randn*100 {shape}", torch.randn(*shape, dtype=dtype) * 100)
    add(f"{d} randn*1e5", torch.randn(3, 2, dtype=dtype) * 1e5)
    add(f"{d} randn*1e-3", torch.randn(5, dtype=dtype) * 1e-3)
    add(f"{d} long vector wraps", torch.randn(40, dtype=dtype))
    add(f"{d} long integer vector", torch.arange(30, dtype=dtype))
    add(f"{d} summarized vector", torch.arange(1500, dtype=dtype) / 7)
    add(f"{d} summarized matrix", torch.randn(40, 30, dtype=dtype))
    add(f"{d} summarized 3d", torch.randn(12, 10, 11, dtype=dtype))
    add(f"{d} empty 1d", torch.zeros(0, dtype=dtype))
    add(f"{d} empty 2d", torch.zeros(2, 0, dtype=dtype))
    add(f"{d} requires grad vector", torch.tensor([1.0, 2.0, 3.0], dtype=dtype), requires_grad=True)
    add(f"{d} requires grad scalar", torch.tensor(2.0, dtype=dtype), requires_grad=True)
    add(f"{d} requires grad long line", torch.randn(7, dtype=dtype) * 1000, requires_grad=True)
    add(f"{d} requires grad matrix", torch.randn(3, 8, dtype=dtype), requires_grad=True)

add("int64 vector", torch.tensor([3, -1, 200]))
add("int64 scalar", torch.tensor(7))
add("int64 matrix", torch.arange(12).reshape(3, 4) - 5)
add("int64 summarized", torch.arange(2000))
add("int64 empty", torch.zeros(0, dtype=torch.int64))
add("bool vector", torch.tensor([True, False, True]))
add("bool matrix", torch.tensor([[True, False], [False, False]]))

print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1))
